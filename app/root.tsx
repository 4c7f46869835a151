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
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { can } from "./auth/permissions";
import { getSessionUser } from "./auth/guards.server";
import { noticeFrom } from "./lib/notices";
import { useNonce } from "./lib/nonce";
import { I18nProvider, LANG_NAMES, LANGS, langOfPath, localizedPath, translator, unprefixedPath, useT, type Lang } from "./i18n";
import stylesheet from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// An error page names itself in its own <title> (ErrorBoundary), so the default is left out there.
export const meta: MetaFunction = ({ error }) => (error ? [] : [{ title: "Accord" }]);

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = await getSessionUser(request);
  const principal = sessionUser?.principal ?? null;
  return {
    lang: langOfPath(new URL(request.url).pathname),
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

/**
 * What a route says of its page in its `handle`: that it exists in every language (the switcher shows),
 * and that it is complete without JavaScript and ships none (`hydrate: false`), as the public pages are.
 */
export interface PageHandle {
  localized?: true;
  hydrate?: false;
}

function useHandles(): PageHandle[] {
  return useMatches().map((match) => (match.handle ?? {}) as PageHandle);
}

/** A localized page that answered: an error page has no twin in the other language to switch to. */
function useLocalizedPage(): boolean {
  return useMatches().some((match) => (match.handle as PageHandle | undefined)?.localized === true && match.data !== undefined);
}

function Document({ children, title, lang, scripts = true }: { children: ReactNode; title?: string; lang: Lang; scripts?: boolean }) {
  const nonce = useNonce();
  const wantsScripts = !useHandles().some((handle) => handle.hydrate === false);
  const hydrate = scripts && wantsScripts;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

function LanguageSwitcher({ lang }: { lang: Lang }) {
  const { t } = useT();
  const location = useLocation();
  const path = unprefixedPath(location.pathname);
  return (
    <nav className="language-switcher" aria-label={t("common.language")}>
      <ul>
        {LANGS.map((other) => (
          <li key={other}>
            {other === lang ? (
              <span aria-current="page" lang={other}>
                {LANG_NAMES[other]}
              </span>
            ) : (
              <Link to={`${localizedPath(other, path)}${location.search}`} lang={other} hrefLang={other}>
                {LANG_NAMES[other]}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SiteHeader({ data, lang }: { data: RootData | undefined; lang: Lang }) {
  const { t } = useT();
  const location = useLocation();
  const localized = useLocalizedPage();
  const redirectTo = `${location.pathname}${location.search}`;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to={localizedPath(lang, "/")} className="site-header__brand">
          {t("common.siteName")}
        </Link>
        <nav className="site-nav" aria-label={t("common.nav.main")}>
          <ul>
            <li>
              <NavLink to={localizedPath(lang, "/pledges")}>{t("common.nav.pledges")}</NavLink>
            </li>
            <li>
              <NavLink to={localizedPath(lang, "/log")}>{t("common.nav.log")}</NavLink>
            </li>
            {data?.nav.dashboard ? (
              <li>
                <NavLink to="/dashboard">{t("common.nav.dashboard")}</NavLink>
              </li>
            ) : null}
            {data?.nav.dashboard ? (
              <li>
                <NavLink to="/inbox">{t("common.nav.inbox")}</NavLink>
              </li>
            ) : null}
            {data?.nav.admin ? (
              <li>
                <NavLink to="/admin">{t("common.nav.admin")}</NavLink>
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
                    {t("common.signOut")}
                  </button>
                </Form>
              ) : (
                <NavLink to={redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`}>
                  {t("common.signIn")}
                </NavLink>
              )}
            </li>
          </ul>
        </nav>
        {localized ? <LanguageSwitcher lang={lang} /> : null}
      </div>
    </header>
  );
}

function Frame({ data, lang, children }: { data: RootData | undefined; lang: Lang; children: ReactNode }) {
  const { t } = useT();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <SiteHeader data={data} lang={lang} />
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
  // From the address, not the loader: the root loader is not run again when a link only changes the language.
  const lang = langOfPath(useLocation().pathname);
  return (
    <I18nProvider lang={lang}>
      <Document lang={lang}>
        <Frame data={data} lang={lang}>
          <Outlet />
        </Frame>
      </Document>
    </I18nProvider>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  const location = useLocation();
  const lang = data?.lang ?? langOfPath(location.pathname);
  const { t } = translator(lang);
  let title = t("errors.failed.title");
  let message = t("errors.failed.text");
  if (isRouteErrorResponse(error)) {
    const detail = typeof error.data === "object" && error.data && "message" in error.data ? String(error.data.message) : null;
    if (error.status === 404) {
      title = t("errors.notFound.title");
      message = detail ?? t("errors.notFound.text");
    } else if (error.status === 403) {
      title = t("errors.forbidden.title");
      message = detail ?? t("errors.forbidden.text");
    } else if (error.status < 500) {
      title = t("errors.refused.title", { status: error.status });
      message = detail ?? (typeof error.data === "string" ? error.data : message);
    }
  } else {
    console.error(error);
  }
  // An error page is complete without JavaScript (its only form, signing out, is a real form): it ships none.
  return (
    <I18nProvider lang={lang}>
      <Document title={`${title} – Accord`} lang={lang} scripts={false}>
        <Frame data={data} lang={lang}>
          <h1>{title}</h1>
          <p>{message}</p>
          <p>
            <Link to={localizedPath(lang, "/")}>{t("errors.home")}</Link>
          </p>
        </Frame>
      </Document>
    </I18nProvider>
  );
}
