// The PDF as assistive technology reads it: pdf.js (the reader Firefox uses, whose structure tree feeds the
// accessibility tree) opens the file and gives its catalog, its structure tree and the text of each marked
// content sequence. Checked against the edition itself: the adopted demo code, made through the domain, and
// small codes written for what the demo does not have (links, ordered lists, several pages).
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { StructTreeNode } from "pdfjs-dist/types/src/display/api";
import { beforeAll, describe, expect, test } from "vitest";
import { a, clause, code, h, li, ol, p, section, strong } from "../../editor/test-builder";
import { formatIsoDate } from "../lib/dates";
import type { PublishedClause, PublishedEdition } from "./edition-model";
import { editionPdf } from "./pdf";
import { demoEdition, sampleEdition } from "./testing";

/** A structure element as read back: its role, the text of all its content in order, its child elements. */
interface Element {
  role: string;
  text: string;
  children: Element[];
}

interface ReadPage {
  /** The page's part of the structure tree, from the Document element down. */
  document: Element;
  /** The text of each artifact, in the order drawn. */
  artifacts: string[];
  /** Text drawn outside any marked content: what a screen reader could neither place nor skip. */
  untagged: string[];
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

/** The text of each marked content sequence by its id, and the text outside structure, of one page. */
function markedTexts(items: unknown[]): { byId: Map<string, string>; artifacts: string[]; untagged: string[] } {
  const byId = new Map<string, string>();
  const artifacts: string[] = [];
  const untagged: string[] = [];
  const open: { id: string | null; tag: string }[] = [];
  let artifact = "";
  for (const item of items as ({ type: string; id?: string | null; tag?: string } & { str?: string; hasEOL?: boolean })[]) {
    if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
      open.push({ id: item.id ?? null, tag: item.tag ?? "" });
      continue;
    }
    if (item.type === "endMarkedContent") {
      if (open.pop()?.tag === "Artifact") artifacts.push(normalise(artifact));
      artifact = "";
      continue;
    }
    if (item.str === undefined) continue;
    const text = item.str + (item.hasEOL ? " " : "");
    const id = open.findLast((marking) => marking.id !== null)?.id;
    if (open.some((marking) => marking.tag === "Artifact")) artifact += text;
    else if (id) byId.set(id, (byId.get(id) ?? "") + text);
    else if (text.trim()) untagged.push(text);
  }
  return { byId, artifacts, untagged };
}

function element(node: StructTreeNode, texts: Map<string, string>): Element {
  let text = "";
  const children: Element[] = [];
  for (const child of node.children) {
    if ("role" in child) {
      const read = element(child, texts);
      children.push(read);
      text += ` ${read.text}`;
    } else if (child.type === "content") text += texts.get(child.id) ?? "";
  }
  return { role: node.role, text: normalise(text), children };
}

async function readPdf(bytes: Buffer) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: ReadPage[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const { byId, artifacts, untagged } = markedTexts((await page.getTextContent({ includeMarkedContent: true })).items);
    const root = await page.getStructTree();
    const [document] = root.children.filter((child): child is StructTreeNode => "role" in child).map((child) => element(child, byId));
    if (!document) throw new Error(`Page ${number} has no structure tree.`);
    pages.push({ document, artifacts, untagged });
  }
  const result = {
    markInfo: await pdf.getMarkInfo(),
    viewerPreferences: (await pdf.getViewerPreferences()) as Record<string, unknown> | null,
    info: (await pdf.getMetadata()).info as Record<string, unknown>,
    bookmarks: ((await pdf.getOutline()) ?? []).map((item) => item.title),
    pages,
  };
  await pdf.destroy();
  return result;
}

/** Every element of the tree, depth first: the reading order. */
function flatten(root: Element): Element[] {
  return [root, ...root.children.flatMap(flatten)];
}

/** The elements that hold text themselves (not only through children), across all pages, in reading order. */
function textElements(pages: ReadPage[]): Element[] {
  return pages.flatMap((page) => flatten(page.document)).filter((node) => ["H1", "H2", "P", "Lbl"].includes(node.role));
}

const allClauses = (clauses: PublishedClause[]): PublishedClause[] => clauses.flatMap((clause) => [clause, ...allClauses(clause.clauses)]);

/** A clause's canonical text as the PDF reads out: a list item's "- " is the PDF's "•" label. */
const spoken = (clause: PublishedClause) => normalise(`${clause.number} ${clause.text.replace(/^(\s*)- /gm, "$1• ")}`);

describe("the adopted demo code", () => {
  let edition: PublishedEdition;

  beforeAll(async () => {
    edition = await demoEdition();
  });

  test("is marked as tagged, in the edition's language, with its title shown in the window's title bar and its sections as bookmarks", async () => {
    const { markInfo, viewerPreferences, info, bookmarks } = await readPdf(await editionPdf(edition));
    expect(markInfo?.Marked).toBe(true);
    expect(info.Language).toBe(edition.language);
    expect(viewerPreferences?.DisplayDocTitle).toBe(true);
    expect(info.Title).toBe(`${edition.documentTitle} – ${edition.title}`);
    expect(bookmarks).toEqual(edition.sections.map((section) => `${section.number}. ${section.heading}`));
  });

  test("reads as a Document of a title, the adoption facts, the preamble and sections with their clauses, in order", async () => {
    const { pages } = await readPdf(await editionPdf(edition));
    expect(pages.every((page) => page.document.role === "Document")).toBe(true);
    const elements = textElements(pages);
    const texts = (role: string) => elements.filter((node) => node.role === role).map((node) => node.text);

    expect(texts("H1")).toEqual([edition.documentTitle]);
    expect(texts("H2")).toEqual(edition.sections.map((section) => `${section.number}. ${section.heading}`));
    expect(texts("P").slice(0, 3)).toEqual([edition.title, `Adopted on ${formatIsoDate(edition.adoptedOn)}`, `SHA-256 digest of the canonical text: ${edition.digest}`]);
    const preamble = edition.preamble.map((runs) => normalise(runs.map((run) => run.text).join("")));
    expect(texts("P").slice(3, 3 + preamble.length)).toEqual(preamble);

    // Each section is a Sect that opens with its heading.
    const sects = pages.flatMap((page) => flatten(page.document)).filter((node) => node.role === "Sect");
    expect(sects[0]?.children[0]).toMatchObject({ role: "H2", text: `${edition.sections[0]?.number}. ${edition.sections[0]?.heading}` });

    // Each clause starts a paragraph with its number, and its whole text follows in reading order.
    const reading = normalise(elements.map((node) => node.text).join(" "));
    let from = 0;
    for (const clause of edition.sections.flatMap((section) => allClauses(section.clauses))) {
      expect(texts("P").some((text) => text.startsWith(`${clause.number} `)), `a paragraph starts with ${clause.number}`).toBe(true);
      const at = reading.indexOf(spoken(clause), from);
      expect(at, `clause ${clause.number} in reading order`).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
  });

  test("leaves the page numbers out of the structure, as artifacts, and draws nothing untagged", async () => {
    const { pages } = await readPdf(await editionPdf(edition));
    pages.forEach((page, index) => {
      expect(page.untagged).toEqual([]);
      expect(page.artifacts).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page.document.text).not.toContain("Page ");
    });
  });
});

describe("formatting in the structure", () => {
  const GUIDE = "https://example.org/guide";
  const edition = sampleEdition(
    code(
      section(
        h("Scope"),
        clause("c1", p("States act; see ", a({ href: GUIDE }, "the ", strong("guide")), ".")),
        clause("c2", ol(li(p("one")), li(p("two"), p("more on two")))),
      ),
    ),
  );

  test("a link is a Link element inside its paragraph, holding the text and its annotation", async () => {
    const pdf = await getDocument({ data: new Uint8Array(await editionPdf(edition)), verbosity: 0 }).promise;
    const page = await pdf.getPage(1);
    const tree = await page.getStructTree();
    const annotations = (await page.getAnnotations()) as { url?: string; id: string }[];
    await pdf.destroy();
    const links: StructTreeNode[] = [];
    const visit = (node: StructTreeNode) => {
      if (node.role === "Link") links.push(node);
      node.children.forEach((child) => "role" in child && visit(child));
    };
    visit(tree);
    expect(links).toHaveLength(1);
    const objects = links[0]?.children.filter((child) => "type" in child && child.type === "object").map((child) => ("id" in child ? child.id : ""));
    const linkAnnotations = annotations.filter((annotation) => annotation.url === GUIDE).map((annotation) => annotation.id);
    expect(objects?.length).toBeGreaterThan(0);
    expect(objects).toEqual(linkAnnotations);

    const { pages } = await readPdf(await editionPdf(edition));
    const paragraph = flatten(pages[0]?.document as Element).find((node) => node.role === "P" && node.text.startsWith("1.1 "));
    expect(paragraph).toMatchObject({ text: "1.1 States act; see the guide.", children: [{ role: "Link", text: "the guide" }] });
  });

  test("a list is L > LI > Lbl and LBody, and a clause that opens with one has its number as a paragraph of its own", async () => {
    const { pages } = await readPdf(await editionPdf(edition));
    const shape = (node: Element): unknown => ({ role: node.role, text: node.text, ...(node.children.length ? { children: node.children.map(shape) } : {}) });
    const sect = pages[0]?.document.children.find((node) => node.role === "Sect") as Element;
    expect(sect.children.slice(2).map(shape)).toEqual([
      { role: "P", text: "1.2" },
      {
        role: "L",
        text: "1. one 2. two more on two",
        children: [
          { role: "LI", text: "1. one", children: [{ role: "Lbl", text: "1." }, { role: "LBody", text: "one", children: [{ role: "P", text: "one" }] }] },
          {
            role: "LI",
            text: "2. two more on two",
            children: [
              { role: "Lbl", text: "2." },
              { role: "LBody", text: "two more on two", children: [{ role: "P", text: "two" }, { role: "P", text: "more on two" }] },
            ],
          },
        ],
      },
    ]);
  });
});

describe("a code over several pages", () => {
  const long = "Participating states intend to share with one another, as far as national law permits, what they learn. ".repeat(10).trim();
  const clauses = Array.from({ length: 14 }, (_, index) => clause(`long-${index}`, p(`${long} (${index + 1})`)));
  const edition = sampleEdition(code(section(h("Sharing"), ...clauses)));

  test("has its running header and page numbers as artifacts, and every paragraph whole in reading order across pages", async () => {
    const { pages } = await readPdf(await editionPdf(edition));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page.untagged, `page ${index + 1}`).toEqual([]);
      const header = index === 0 ? [] : [`${edition.title}, adopted on ${formatIsoDate(edition.adoptedOn)}`];
      expect(page.artifacts, `page ${index + 1}`).toEqual([...header, `Page ${index + 1} of ${pages.length}`]);
    });
    const reading = normalise(textElements(pages).map((node) => node.text).join(" "));
    const expected = edition.sections.flatMap((section) => allClauses(section.clauses)).map(spoken);
    expect(reading).toContain(expected.join(" "));
  });

  test("is the same, byte for byte, each time it is generated", async () => {
    const first = await editionPdf(edition);
    const second = await editionPdf(sampleEdition(code(section(h("Sharing"), ...clauses))));
    expect(second.equals(first)).toBe(true);
  });
});
