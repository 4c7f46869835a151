import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "../auth/guards.server";
import { can } from "../auth/permissions";

export const meta: MetaFunction = () => [
  { title: "Accord – a code of conduct on export controls for surveillance technology" },
  {
    name: "description",
    content:
      "Accord is where participating governments draft a voluntary code of conduct together, record who takes part, and pledge to the adopted text on a public, verifiable record.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = await getSessionUser(request);
  return {
    signedIn: sessionUser !== null,
    canAdminister: can(sessionUser?.principal ?? null, "admin:view"),
  };
}

export default function Home() {
  const { signedIn, canAdminister } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Accord</h1>
      <p className="lead">
        Accord is where governments draft a voluntary code of conduct together, keep a dated record of which states take
        part, and pledge to the adopted text in a public record that anyone can check.
      </p>
      <p>
        The first initiative on Accord concerns export controls for surveillance technology: spyware and other intrusion
        tools whose misuse threatens human rights.
      </p>
      <h2>What you can do here</h2>
      <ul className="card-grid">
        <li className="card">
          <h3>Read and follow</h3>
          <p>Anyone can read the adopted code, see which states have pledged to it and since when, and check that record.</p>
        </li>
        <li className="card">
          <h3>Draft together</h3>
          <p>Delegates of participating states edit the text together, clause by clause, and track what is not yet agreed.</p>
        </li>
        <li className="card">
          <h3>Pledge</h3>
          <p>A state&apos;s signer subscribes to or endorses exactly the adopted text; every pledge is dated and attributable.</p>
        </li>
      </ul>
      {signedIn ? (
        <p className="actions">
          <Link className="button" to="/dashboard">
            Go to your dashboard
          </Link>
          {canAdminister ? (
            <Link className="button button--secondary" to="/admin">
              Administration
            </Link>
          ) : null}
        </p>
      ) : (
        <p className="actions">
          <Link className="button" to="/login">
            Sign in
          </Link>
          <span className="muted">Delegates, signers and observers sign in with the account their invitation set up.</span>
        </p>
      )}
    </>
  );
}
