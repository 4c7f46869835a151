// What a public page shows in place of itself when its loader throws: a 404 for an address that names
// nothing, or a failure. A page's loader also throws its 304 (so that the route's caching headers are
// the answer's); that one renders here too, and its body is never sent.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { localizedPath, useT, type MessageId } from "../i18n";

interface Shown {
  title: MessageId;
  text?: MessageId;
  /** Where to go instead in this case, when not the page's `next`. */
  next?: Next;
}

/** A way on, as an unprefixed path (it is put in the page's language). */
interface Next {
  path: string;
  label: MessageId;
}

export interface PublicPageErrorProps {
  /** When the address names nothing (404). */
  notFound: Shown;
  /** When the page cannot be shown for any other reason. */
  unavailable: Shown;
  /** Where to go instead, in either case. */
  next?: Next;
}

export function PublicPageError({ notFound, unavailable, next }: PublicPageErrorProps) {
  const error = useRouteError();
  const { t, lang } = useT();
  const shown = isRouteErrorResponse(error) && error.status === 404 ? notFound : unavailable;
  const way = shown.next ?? next;
  return (
    <>
      <h1>{t(shown.title)}</h1>
      {shown.text ? <p>{t(shown.text)}</p> : null}
      {way ? (
        <p>
          <Link to={localizedPath(lang, way.path)}>{t(way.label)}</Link>
        </p>
      ) : null}
    </>
  );
}
