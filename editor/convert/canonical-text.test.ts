import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allClauses, type ClauseAt } from "../clause-ids";
import { schema } from "../schema";
import { demoDraft } from "../starting-documents";
import { a, bracket, clause, code, doc, em, h, li, ol, p, preamble, section, strong, title, ul } from "../test-builder";
import { canonicalText, canonicalTextBytes, clauseBodyText, inlineText, mappedClauseBody } from "./canonical-text";

const DEMO_CANONICAL_TEXT = [
  "Code of Conduct for the Responsible Export of Surveillance Technology",
  "",
  "The participating states recognise that intrusion software, spyware and forensic extraction tools can serve lawful purposes, and that the same tools can be turned against journalists, human rights defenders and political opponents to track, intimidate or silence them.",
  "",
  "Building on their national export control systems and on the multilateral export control regimes, they set out the political commitments they intend to apply when deciding on exports of such technology. This code is voluntary and creates no obligations under international law.",
  "",
  "1. Human rights in export review",
  "",
  "1.1 Each participating state [shall | should] take into account the risk that an item may be used to commit or facilitate serious violations of human rights when it reviews an application to export surveillance technology, having regard to:",
  "",
  "1.1(a) the end user's record of respect for human rights, including credible reports of past misuse of similar items;",
  "",
  "1.1(b) the law governing the use of surveillance in the country of destination, in particular:",
  "",
  "1.1(b)(i) whether each use requires prior authorisation by an independent body; and",
  "",
  "1.1(b)(ii) whether persons affected by surveillance have access to an effective remedy;",
  "",
  "1.1(c) the capabilities of the item and the scale at which it can be deployed.",
  "",
  "1.2 Where that risk is substantial, a participating state should refuse the export or attach conditions that reduce the risk to an acceptable level.",
  "",
  "2. Consultation",
  "",
  "2.1 Participating states intend to consult industry, academic researchers and civil society organisations when they develop or revise controls on surveillance technology.",
  "",
  "2.2 They encourage companies that develop or sell such technology to carry out human rights due diligence, in line with internationally recognised guidance on business and human rights.",
  "",
  "3. Information sharing and capacity",
  "",
  "3.1 Participating states intend to share with one another, as far as national law permits:",
  "",
  "- information on emerging threats and on risks of misuse;",
  "- good practice in licensing, enforcement and checks on end use.",
  "",
  "3.2 They stand ready to help other states build the capacity to review exports of surveillance technology with due regard for human rights.",
  "",
].join("\n");

const text = (...sections: Parameters<typeof code>) => canonicalText(code(...sections));

describe("canonicalText", () => {
  it("renders the demo draft exactly, and its digest is stable", () => {
    expect(canonicalText(demoDraft())).toBe(DEMO_CANONICAL_TEXT);
    const digest = createHash("sha256").update(canonicalTextBytes(demoDraft())).digest("hex");
    expect(digest).toBe(createHash("sha256").update(DEMO_CANONICAL_TEXT, "utf8").digest("hex"));
    expect(digest).toBe("24c852e962273a096db1e2ba5b007c0615184abcfa857e6b85bf2efe4f26e14f");
  });

  it("ends with exactly one line feed and has no carriage return", () => {
    const result = canonicalText(demoDraft());
    expect(result.endsWith("\n")).toBe(true);
    expect(result.endsWith("\n\n")).toBe(false);
    expect(result).not.toContain("\r");
  });

  it("writes brackets with and without alternatives, and links with their target", () => {
    expect(
      text(
        section(
          h("S"),
          clause(
            "c1",
            p(
              "States ",
              bracket({ id: "b1", holders: ["NO"], alternatives: ["should", "may"] }, "shall ", strong("always")),
              " act ",
              bracket({ id: "b2", holders: [] }, "promptly"),
              "; see ",
              a({ href: "https://example.org/guide" }, em("the guide")),
              "."
            )
          )
        )
      )
    ).toBe(
      "Code\n\nPreamble.\n\n1. S\n\n1.1 States [shall always | should | may] act [promptly]; see the guide <https://example.org/guide>.\n"
    );
  });

  it("normalises to NFC and collapses white space and control characters", () => {
    const decomposed = "Re\u0301sume\u0301"; // e + combining acute
    const result = text(section(h("S"), clause("c1", p(`  ${decomposed}\t of\u00a0the\u0007 text \n `))));
    expect(result).toBe("Code\n\nPreamble.\n\n1. S\n\n1.1 R\u00e9sum\u00e9 of the text\n");
    expect(result.normalize("NFC")).toBe(result);
    expect(Buffer.from(canonicalTextBytes(code(section(h("S"), clause("c1", p("é")))))).toString("hex")).toContain(
      "c3a9"
    );
  });

  it("writes lists as lines, numbers a clause that starts with a list on its own line, and skips empty blocks", () => {
    const result = canonicalText(
      doc(
        title(),
        preamble(p()),
        section(
          h(),
          clause("c1", ol(li(p("first"), p("more")), li(p("second"))), p(), p("after")),
          clause("c2", p(), ul(li(p("item"))))
        )
      )
    );
    expect(result).toBe("1.\n\n1.1\n1. first\n   more\n2. second\n\nafter\n\n1.2\n\n- item\n");
  });

  it("is the same for the same text, whatever the marks or ids", () => {
    const plain = text(section(h("S"), clause("c1", p("one two"))));
    const marked = text(section(h("S"), clause("other-id", p(em("one"), " ", strong("two")))));
    expect(marked).toBe(plain);
  });
});

describe("mapped canonical text", () => {
  // The rendering before it was mapped: the mapped one must give the same bytes.
  const cleanLine = (text: string) =>
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  const piece = fc.constantFrom(
    "a",
    "shall",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u0001",
    "\u0085",
    "\u2028",
    "\ufeff",
    "é",
    "😀"
  );
  const run = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(""));

  it("renders a line exactly as the plain cleanup of its text and syntax did (property)", () => {
    fc.assert(
      fc.property(run, run, run, fc.array(run, { maxLength: 2 }), (before, inside, after, alternatives) => {
        const paragraph = p(
          schema.text(before),
          schema.text(inside, [schema.marks.bracket.create({ id: "b1", holders: [], alternatives })]),
          schema.text(after, [schema.marks.em.create()])
        );
        const raw = `${before}[${inside}${alternatives.map((alt) => ` | ${alt}`).join("")}]${after}`;
        expect(inlineText(paragraph)).toBe(cleanLine(raw));
      }),
      { numRuns: 300 }
    );
  });

  it("maps every character of a clause's text to the document text it renders, or to nothing for syntax", () => {
    const docNode = code(
      section(
        h("H"),
        clause(
          "c1",
          p("States  ", bracket({ id: "b1", holders: ["NO"], alternatives: ["should"] }, "shall"), " act", em(" now ")),
          ul(li(p("one"), p("two")), li(p("three"))),
          p("See ", a({ href: "https://example.org" }, "this"), "."),
          clause("c2", p("sub"))
        )
      )
    );
    const [{ node: clauseNode, pos }] = allClauses(docNode) as [ClauseAt];
    const mapped = mappedClauseBody(clauseNode, pos);
    expect(mapped.text).toBe(clauseBodyText(clauseNode));
    expect(mapped.text).toBe(
      "States [shall | should] act now\n\n- one\n  two\n- three\n\nSee this <https://example.org>."
    );
    expect(mapped.sources).toHaveLength(mapped.text.length);
    const rendered = [...mapped.text].map((char, i) => {
      const source = mapped.sources[i];
      if (!source) return "·";
      const text = docNode.textBetween(source.from, source.to);
      expect(char === " " ? /^\s+$/.test(text) : text === char).toBe(true);
      return char;
    });
    expect(rendered.join("")).toBe(
      "States ·shall·········· act now····one···two···three··See this······················."
    );
  });
});
