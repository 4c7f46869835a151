// Editions for the exporters' tests: a small code written in the test for what the demo text does not
// have (links, ordered lists, deep sub-clauses, many pages), and the demo's own code adopted through
// the domain.
import { createHash } from "node:crypto";
import type { Node } from "prosemirror-model";
import { canonicalText, documentToJSON } from "../../editor";
import { config } from "../lib/env.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { adoptedEdition } from "../testing/pledges";
import { publishedEdition, type EditionSource, type PublishedEdition } from "./edition-model";

/** `document` as the first edition of an instrument "Sample", adopted on 30 March 2023, its digest its own. */
function sampleSource(document: Node): EditionSource {
  return {
    slug: "sample-1",
    title: "Sample, first edition",
    number: 1,
    adoptedOn: "2023-03-30",
    digest: createHash("sha256").update(canonicalText(document), "utf8").digest("hex"),
    logIndex: 4,
    content: JSON.stringify(documentToJSON(document)),
  };
}

export function sampleEdition(document: Node): PublishedEdition {
  return publishedEdition(sampleSource(document), { slug: "sample", title: "Sample" });
}

/** The demo's first code, adopted through the domain (the log must be open to record the adoption). */
export async function demoEdition(): Promise<PublishedEdition> {
  openTransparencyLog(config());
  const adopted = await adoptedEdition();
  return publishedEdition(adopted.edition, adopted.instrument);
}
