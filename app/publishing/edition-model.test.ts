// How the generators read a document's formatting, on a small code written for it: emphasis, strong text,
// links, lists, a clause that opens with a list and sub-clauses three levels deep, none of which the demo
// text has all of. No database: the generators are pure functions of the stored edition.
import { unzipSync } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, test } from "vitest";
import { a, clause, code, em, h, li, ol, p, section, strong, ul } from "../../editor/test-builder";
import { editionAkomaNtoso } from "./akoma-ntoso";
import { editionDocx } from "./docx";
import { editionPdf } from "./pdf";
import { sampleEdition } from "./testing";

const GUIDE = "https://example.org/guide";

const document = code(
  section(
    h("Scope"),
    clause(
      "c1",
      p("States  ", em("always"), " act;\tsee ", a({ href: GUIDE }, "the ", strong("guide")), "."),
      clause("c2", p("first sub-clause"), clause("c3", p("deepest sub-clause"))),
    ),
    clause("c4", ol(li(p("one")), li(p("two"), p("more on two"))), p("after the list")),
  ),
  section(h("Sharing"), clause("c5", p("share:"), ul(li(p("threats"))))),
);

const edition = sampleEdition(document);

describe("publishedEdition", () => {
  test("reads runs with their marks, white space collapsed as in the canonical text", () => {
    const [first] = edition.sections[0]?.clauses[0]?.blocks ?? [];
    expect(first).toEqual({
      kind: "paragraph",
      runs: [
        { text: "States ", em: false, strong: false, href: null },
        { text: "always ", em: true, strong: false, href: null },
        { text: "act; see ", em: false, strong: false, href: null },
        { text: "the ", em: false, strong: false, href: GUIDE },
        { text: "guide", em: false, strong: true, href: GUIDE },
        { text: ".", em: false, strong: false, href: null },
      ],
    });
  });

  test("numbers the clauses as the site does, with their stable ids and own canonical text", () => {
    const [c1, c4] = edition.sections[0]?.clauses ?? [];
    expect(c1).toMatchObject({ id: "c1", number: "1.1", level: 1, anchor: "clause-1.1", text: `States always act; see the guide <${GUIDE}>.` });
    expect(c1?.clauses[0]).toMatchObject({ id: "c2", number: "1.1(a)", level: 2, text: "first sub-clause" });
    expect(c1?.clauses[0]?.clauses[0]).toMatchObject({ id: "c3", number: "1.1(a)(i)", level: 3 });
    expect(c4).toMatchObject({ id: "c4", number: "1.2", text: "1. one\n2. two\n   more on two\n\nafter the list" });
    expect(c4?.blocks[0]).toEqual({
      kind: "list",
      ordered: true,
      items: [[[{ text: "one", em: false, strong: false, href: null }]], [[{ text: "two", em: false, strong: false, href: null }], [{ text: "more on two", em: false, strong: false, href: null }]]],
    });
  });
});

describe("formatting in each file", () => {
  test("Akoma Ntoso: i, b and a inline; intro before sub-clauses, content otherwise; lists as blockList; eIds by level", () => {
    const xml = editionAkomaNtoso(edition);
    expect(xml).toContain(`States <i>always </i>act; see <a href="${GUIDE}">the <b>guide</b></a>.`);
    expect(xml).toContain('<article eId="art_1_1" GUID="c1"><num>1.1</num><intro><p>');
    expect(xml).toContain('<paragraph eId="art_1_1__para_a" GUID="c2"><num>1.1(a)</num><intro>');
    expect(xml).toContain('<point eId="art_1_1__para_a__point_i" GUID="c3"><num>1.1(a)(i)</num><content><p>deepest sub-clause</p></content></point>');
    expect(xml).toContain("<blockList><item><num>1.</num><p>one</p></item><item><num>2.</num><p>two</p><p>more on two</p></item></blockList><p>after the list</p>");
    expect(xml).toContain('<docDate date="2023-03-30">30 March 2023</docDate>');
  });

  test("DOCX: the link is a hyperlink to its target, the clause that opens with a list has its number on its own line", async () => {
    const files = unzipSync(new Uint8Array(await editionDocx(edition)));
    const body = new TextDecoder().decode(files["word/document.xml"]);
    const relations = new TextDecoder().decode(files["word/_rels/document.xml.rels"]);
    expect(body.match(/<w:hyperlink /g)).toHaveLength(1);
    expect(relations).toContain(`Target="${GUIDE}"`);
    expect(body).toMatch(/<w:t xml:space="preserve">1\.2<\/w:t><w:tab\/><\/w:r><\/w:p>/);
    expect(body).toContain("Adopted on 30 March 2023");
  });

  test("PDF: the link is an annotation pointing at its target", async () => {
    const pdf = await getDocument({ data: new Uint8Array(await editionPdf(edition)), verbosity: 0 }).promise;
    const annotations = (await (await pdf.getPage(1)).getAnnotations()) as { url?: string }[];
    await pdf.destroy();
    expect(annotations.map((annotation) => annotation.url)).toContain(GUIDE);
  });
});
