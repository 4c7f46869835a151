// Signing out changes state, so only POST does it; a GET (a link, a prefetch) changes nothing. It also
// clears what the drafting pages kept in this browser (IndexedDB copies of documents) for the site.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { actorOf, getSessionUser } from "../auth/guards.server";
import { clearSessionCookie } from "../auth/session-cookie.server";
import { withNotice } from "../lib/notices";
import { signOut } from "../models/session.server";

export function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  // No guard that redirects: signing out with an expired session still clears the cookie.
  const sessionUser = await getSessionUser(request);
  if (sessionUser) signOut(actorOf(sessionUser, context), sessionUser.user.id, sessionUser.session.id);
  return redirect(withNotice("/", "signed-out"), {
    headers: { "Set-Cookie": await clearSessionCookie(), "Clear-Site-Data": '"storage"' },
  });
}
