// The sections of an instrument under negotiation, shown on each of its pages. Plain links: every
// page works without JavaScript.
import { Link } from "@remix-run/react";

export const INSTRUMENT_SECTIONS = [
  { key: "text", path: "", label: "Text" },
  { key: "draft", path: "/draft", label: "Drafting" },
  { key: "comments", path: "/comments", label: "Comments" },
  { key: "amendments", path: "/amendments", label: "Amendments" },
  { key: "agreement", path: "/agreement", label: "Agreement" },
  { key: "versions", path: "/versions", label: "Versions" },
  { key: "silence", path: "/silence", label: "Silence procedures" },
  { key: "editions", path: "/editions", label: "Editions" },
  { key: "activity", path: "/activity", label: "Activity" },
] as const;

export type InstrumentSection = (typeof INSTRUMENT_SECTIONS)[number]["key"];

export function instrumentPath(slug: string, section: InstrumentSection): string {
  const found = INSTRUMENT_SECTIONS.find((entry) => entry.key === section);
  return `/instruments/${encodeURIComponent(slug)}${found?.path ?? ""}`;
}

/** `current` marks the section the page belongs to (also on its sub-pages, e.g. one amendment). */
export function InstrumentNav({ slug, current }: { slug: string; current: InstrumentSection }) {
  return (
    <nav className="instrument-nav" aria-label="This instrument">
      <ul>
        {INSTRUMENT_SECTIONS.map((section) => (
          <li key={section.key}>
            <Link to={instrumentPath(slug, section.key)} aria-current={section.key === current ? "page" : undefined}>
              {section.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
