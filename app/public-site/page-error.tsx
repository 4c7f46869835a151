// What a public page shows in place of itself when its loader throws: a 404 for an address that names
// nothing, or a failure. A page's loader also throws its 304 (so that the route's caching headers are
// the answer's); that one renders here too, and its body is never sent.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { localizedPath, useT, type MessageId } from "../i18n";

interface Shown {
  title: MessageId;
  text?: MessageId;
}

export interface PublicPageErrorProps {
  /** When the address names nothing (404). */
  notFound: Shown;
  /** When the page cannot be shown for any other reason. */
  unavailable: Shown;
  /** Where to go instead, as an unprefixed path (it is put in the page's language). */
  next?: { path: string; label: MessageId };
}

export function PublicPageError({ notFound, unavailable, next }: PublicPageErrorProps) {
  const error = useRouteError();
  const { t, lang } = useT();
  const shown = isRouteErrorResponse(error) && error.status === 404 ? notFound : unavailable;
  return (
    <>
      <h1>{t(shown.title)}</h1>
      {shown.text ? <p>{t(shown.text)}</p> : null}
      {next ? (
        <p>
          <Link to={localizedPath(lang, next.path)}>{t(next.label)}</Link>
        </p>
      ) : null}
    </>
  );
}
