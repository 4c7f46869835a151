// `/code/<edition>.akn.xml`: an adopted edition in Akoma Ntoso 3.0 (OASIS LegalDocML), the XML vocabulary
// parliaments and legal publishers exchange texts in. A code of conduct is not legislation, so it is a
// `<doc name="code">` (AKN's generic document type), with:
//   - meta: FRBR identification (work, expression, manifestation), the organisations it refers to, and the
//     edition's digest, slug and log index as proprietary metadata in Accord's own namespace;
//   - preface: the title and the adoption date; preamble: the preamble's paragraphs;
//   - mainBody: one <section> per section and one <article> per clause of a section; sub-clauses are
//     <paragraph> (level 2) and <point> (level 3 and deeper), each with its <num> and its own text in
//     <content> (or <intro> when sub-clauses follow). Every clause carries its stable id as `GUID`.
// Numbers are written in full, as the site writes them ("1.1", "1.1(a)"), never left to a renderer.
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { formatIsoDate } from "../lib/dates";
import { linkGroups, type Block, type Paragraph, type PublishedClause, type PublishedEdition } from "./edition-model";
import { listMarker } from "./layout";

export const AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
/** Accord's own metadata inside <proprietary>, which AKN leaves to each publisher. */
export const ACCORD_AKN_NAMESPACE = "urn:x-accord:akn-proprietary:1";

// AKN's naming convention starts every IRI with a jurisdiction: an ISO 3166-1 code in lower case, or a code
// agreed for an international one. A code agreed among several states belongs to none of them, so it is
// identified as the international texts of the UN system are, with "un"; the authors are referred to as
// "the participating states" rather than as any one organisation.
const JURISDICTION = "un";
const LANGUAGE = "eng";

/** "/akn/un/doc/code/2023-03-30/code-of-conduct-1": the work's IRI. */
function workIri(edition: PublishedEdition): string {
  return `/akn/${JURISDICTION}/doc/code/${edition.adoptedOn}/${edition.slug}`;
}

function identification(meta: XMLBuilder, edition: PublishedEdition): void {
  const work = workIri(edition);
  const expression = `${work}/${LANGUAGE}@${edition.adoptedOn}`;
  const ids = meta.ele("identification", { source: "#accord" });
  const frbr = (element: string, iri: string, author: string, extra: (node: XMLBuilder) => void = () => undefined) => {
    const node = ids.ele(element);
    node.ele("FRBRthis", { value: element === "FRBRManifestation" ? `${iri}/!main.xml` : `${iri}/!main` });
    node.ele("FRBRuri", { value: element === "FRBRManifestation" ? `${iri}.akn` : iri });
    extra(node);
    // The manifestation is dated by the adoption too: the file is generated from the frozen edition and is
    // the same whenever it is generated.
    node.ele("FRBRdate", { date: edition.adoptedOn, name: element === "FRBRManifestation" ? "generation" : "adoption" });
    node.ele("FRBRauthor", { href: author });
    return node;
  };
  frbr("FRBRWork", work, "#participatingStates", (node) => node.ele("FRBRalias", { value: edition.title, name: "title" })).ele(
    "FRBRcountry",
    { value: JURISDICTION },
  );
  frbr("FRBRExpression", expression, "#participatingStates").ele("FRBRlanguage", { language: LANGUAGE });
  frbr("FRBRManifestation", expression, "#accord");
}

function metadata(doc: XMLBuilder, edition: PublishedEdition): void {
  const meta = doc.ele("meta");
  identification(meta, edition);
  const references = meta.ele("references", { source: "#accord" });
  references.ele("TLCOrganization", { eId: "accord", href: "/ontology/organization/accord", showAs: "Accord" });
  references.ele("TLCOrganization", {
    eId: "participatingStates",
    href: `/ontology/organization/${JURISDICTION}/${edition.instrument.slug}.participatingStates`,
    showAs: "The participating states",
  });
  meta
    .ele("proprietary", { source: "#accord" })
    .ele(ACCORD_AKN_NAMESPACE, "accord:edition", {
      slug: edition.slug,
      number: String(edition.number),
      instrument: edition.instrument.slug,
      digestAlgorithm: "SHA-256",
      digest: edition.digest,
      logIndex: String(edition.logIndex),
    });
}

/** Inline runs as AKN inline elements: emphasis <i>, strong <b>, links <a>. */
function writeRuns(parent: XMLBuilder, runs: Paragraph): void {
  for (const group of linkGroups(runs)) {
    const container = group.href === null ? parent : parent.ele("a", { href: group.href });
    for (const run of group.runs) {
      let node = container;
      if (run.strong) node = node.ele("b");
      if (run.em) node = node.ele("i");
      node.txt(run.text);
    }
  }
}

function writeBlocks(parent: XMLBuilder, blocks: Block[]): void {
  for (const block of blocks) {
    if (block.kind === "paragraph") {
      writeRuns(parent.ele("p"), block.runs);
      continue;
    }
    const list = parent.ele("blockList");
    block.items.forEach((paragraphs, index) => {
      const item = list.ele("item");
      item.ele("num").txt(listMarker(block.ordered, index));
      for (const runs of paragraphs) writeRuns(item.ele("p"), runs);
    });
  }
}

/** "art_1_1" for 1.1, then "art_1_1__para_a", "art_1_1__para_a__point_i": AKN's eId convention. */
function clauseEId(clause: PublishedClause, parentEId: string | null): string {
  if (parentEId === null) return `art_${clause.number.replace(/\./g, "_")}`;
  const label = /\(([^()]+)\)$/.exec(clause.number)?.[1] ?? clause.number;
  return `${parentEId}__${clause.level === 2 ? "para" : "point"}_${label}`;
}

function writeClause(parent: XMLBuilder, clause: PublishedClause, parentEId: string | null): void {
  const eId = clauseEId(clause, parentEId);
  const element = clause.level === 1 ? "article" : clause.level === 2 ? "paragraph" : "point";
  const node = parent.ele(element, { eId, GUID: clause.id });
  node.ele("num").txt(clause.number);
  if (clause.clauses.length === 0) {
    // AKN requires something in <content>; a clause without text (only possible when it is empty) gets an empty <p>.
    const content = node.ele("content");
    if (clause.blocks.length) writeBlocks(content, clause.blocks);
    else content.ele("p");
    return;
  }
  if (clause.blocks.length) writeBlocks(node.ele("intro"), clause.blocks);
  for (const sub of clause.clauses) writeClause(node, sub, eId);
}

/** The edition as an Akoma Ntoso 3.0 XML document (UTF-8, without indentation so no white space is added to the text). */
export function editionAkomaNtoso(edition: PublishedEdition): string {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(AKN_NAMESPACE, "akomaNtoso");
  const doc = root.ele("doc", { name: "code" });
  metadata(doc, edition);

  const preface = doc.ele("preface");
  preface.ele("p", { class: "title" }).ele("docTitle").txt(edition.documentTitle);
  const adopted = preface.ele("p", { class: "adoption" });
  adopted.ele("docStage").txt(edition.title);
  adopted.txt(", adopted on ");
  adopted.ele("docDate", { date: edition.adoptedOn }).txt(formatIsoDate(edition.adoptedOn));

  if (edition.preamble.length) {
    const preamble = doc.ele("preamble");
    for (const runs of edition.preamble) writeRuns(preamble.ele("p"), runs);
  }

  const body = doc.ele("mainBody");
  for (const section of edition.sections) {
    const node = body.ele("section", { eId: `sec_${section.number}` });
    node.ele("num").txt(section.number);
    node.ele("heading").txt(section.heading);
    for (const clause of section.clauses) writeClause(node, clause, null);
  }
  return root.end({ headless: false });
}
