// The top of every page that belongs to one edition of an instrument (its pledges, commitments and
// reports): the breadcrumbs back through the edition to the instrument, and the instrument's sections.
import { editionPath } from "../lib/editions";
import { Breadcrumbs } from "./breadcrumbs";
import { InstrumentNav, instrumentPath } from "./instrument-nav";

interface Crumb {
  to: string;
  label: string;
}

export function EditionTrail({
  instrument,
  edition,
  within = [],
  current,
}: {
  instrument: { slug: string; title: string };
  edition: { number: number; title: string };
  /** Crumbs between the edition and this page (the commitments list above one commitment). */
  within?: Crumb[];
  current: string;
}) {
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
          { to: instrumentPath(instrument.slug, "editions"), label: "Editions" },
          { to: editionPath(instrument.slug, edition.number), label: edition.title },
          ...within,
        ]}
        current={current}
      />
      <InstrumentNav slug={instrument.slug} current="editions" />
    </>
  );
}
