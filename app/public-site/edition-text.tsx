// The pieces of an edition's reading page: its table of contents and its typeset text. The text is the
// adopted English one whatever the page's language, so its container says so with `lang="en"`.
import type { OutlineSection } from "../../editor";
import { useT } from "../i18n";

/** Sections and clauses with their numbers, each a link to its anchor in the text below. */
export function EditionContents({ outline }: { outline: OutlineSection[] }) {
  const { t } = useT();
  return (
    <nav className="edition-contents" aria-label={t("code.contents")}>
      <h2>{t("code.contents")}</h2>
      <ol lang="en">
        {outline.map((section) => (
          <li key={section.anchor}>
            <a href={`#${section.anchor}`}>
              <span className="edition-contents__number">{section.number}.</span> {section.heading}
            </a>
            {section.clauses.length > 0 ? (
              <ol>
                {section.clauses.map((clause) => (
                  <li key={clause.anchor} className={`edition-contents__clause edition-contents__clause--level-${clause.level}`}>
                    <a href={`#${clause.anchor}`}>
                      <span className="edition-contents__number">{clause.number}</span> {clause.excerpt}
                    </a>
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The text as editionReading typeset it (editor/'s serializer escapes every text and attribute). */
export function EditionText({ html }: { html: string }) {
  return <div className="edition-text" lang="en" dangerouslySetInnerHTML={{ __html: html }} />;
}
