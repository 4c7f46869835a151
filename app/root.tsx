import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { can } from "./auth/permissions";
import { getSessionUser } from "./auth/guards.server";
import { noticeFrom } from "./lib/notices";
import { useNonce } from "./lib/nonce";
import stylesheet from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Accord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = await getSessionUser(request);
  const principal = sessionUser?.principal ?? null;
  return {
    user: sessionUser ? { name: sessionUser.user.name, email: sessionUser.user.email } : null,
    nav: {
      dashboard: can(principal, "dashboard:view"),
      admin: can(principal, "admin:view"),
    },
    notice: noticeFrom(request.url),
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root");
}

function Document({ children, title }: { children: ReactNode; title?: string }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader({ data }: { data: RootData | undefined }) {
  const location = useLocation();
  const redirectTo = `${location.pathname}${location.search}`;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-header__brand">
          Accord
        </Link>
        <nav className="site-nav" aria-label="Main">
          <ul>
            <li>
              <NavLink to="/pledges">Pledges</NavLink>
            </li>
            <li>
              <NavLink to="/log">Public log</NavLink>
            </li>
            {data?.nav.dashboard ? (
              <li>
                <NavLink to="/dashboard">Dashboard</NavLink>
              </li>
            ) : null}
            {data?.nav.dashboard ? (
              <li>
                <NavLink to="/inbox">Inbox</NavLink>
              </li>
            ) : null}
            {data?.nav.admin ? (
              <li>
                <NavLink to="/admin">Administration</NavLink>
              </li>
            ) : null}
            {data?.user ? (
              <li>
                <NavLink to="/account">{data.user.name}</NavLink>
              </li>
            ) : null}
            <li>
              {data?.user ? (
                <Form method="post" action="/logout">
                  <button type="submit" className="button button--link">
                    Sign out
                  </button>
                </Form>
              ) : (
                <NavLink to={redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`}>
                  Sign in
                </NavLink>
              )}
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

function Frame({ data, children }: { data: RootData | undefined; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <SiteHeader data={data} />
      <main id="main" className="page" tabIndex={-1}>
        {data?.notice ? (
          <p className="notice" role="status">
            {data.notice}
          </p>
        ) : null}
        {children}
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          Accord: co-drafting and pledges for a voluntary code of conduct on export controls for surveillance technology.
        </div>
      </footer>
    </>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Document>
      <Frame data={data}>
        <Outlet />
      </Frame>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  let title = "Something went wrong";
  let message = "Accord could not complete this request. Nothing was changed. Please try again.";
  if (isRouteErrorResponse(error)) {
    const detail = typeof error.data === "object" && error.data && "message" in error.data ? String(error.data.message) : null;
    if (error.status === 404) {
      title = "Page not found";
      message = detail ?? "There is no page at this address.";
    } else if (error.status === 403) {
      title = "Not allowed";
      message = detail ?? "You do not have permission to see this page.";
    } else if (error.status < 500) {
      title = `Request refused (${error.status})`;
      message = detail ?? (typeof error.data === "string" ? error.data : message);
    }
  } else {
    console.error(error);
  }
  return (
    <Document title={`${title} – Accord`}>
      <Frame data={data}>
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </Frame>
    </Document>
  );
}
