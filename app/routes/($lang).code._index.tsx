// /code (and /fr/code): the text in force, that is the latest edition of the first instrument that has
// one. A redirect rather than a copy, so that what people cite names its edition.
import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { langParam, localizedPath, translator } from "../i18n";
import { currentEditions } from "../public-site/overview.server";

export function loader({ params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const current = currentEditions()[0];
  if (!current) throw json({ message: translator(lang).t("code.noEdition") }, { status: 404 });
  return redirect(localizedPath(lang, `/code/${current.slug}`), 302);
}
