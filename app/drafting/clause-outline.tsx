// The outline of a draft: sections and their numbered clauses, each a link into the text. The live page
// passes `onClause` to move the editor instead of following the link.
import type { MouseEvent, ReactNode } from "react";
import type { OutlineSection } from "../../editor";

export interface ClauseOutlineProps {
  outline: OutlineSection[];
  /** Where a section or clause anchor points (the read-only view of the same draft). */
  hrefFor: (anchor: string) => string;
  onClause?: (clauseId: string, event: MouseEvent<HTMLAnchorElement>) => void;
  children?: ReactNode;
}

export function ClauseOutline({ outline, hrefFor, onClause, children }: ClauseOutlineProps) {
  return (
    <nav className="draft-outline" aria-label="Clauses">
      <h2>Clauses</h2>
      <ol>
        {outline.map((section) => (
          <li key={section.anchor}>
            <a href={hrefFor(section.anchor)}>
              {section.number}. {section.heading}
            </a>
            {section.clauses.length ? (
              <ol>
                {section.clauses.map((clause) => (
                  <li key={clause.id ?? clause.anchor} className={`draft-outline__level-${Math.min(clause.level, 3)}`}>
                    <a
                      href={hrefFor(clause.anchor)}
                      onClick={onClause && clause.id ? (event) => onClause(clause.id as string, event) : undefined}
                    >
                      <span className="draft-outline__number">{clause.number}</span> {clause.excerpt}
                    </a>
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ol>
      {children}
    </nav>
  );
}
