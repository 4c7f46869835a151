// Documents a draft can start from: an empty code, and the demo texts of the export-controls initiative: the
// first edition as adopted, and the draft of the second edition, which reopens one word of it in square
// brackets. The demo's wording is the project's own, and its bracket and holder are invented for the demonstration.
import { type Mark, type Node } from "prosemirror-model";
import { newStableId } from "./clause-ids";
import { schema } from "./schema";

const { nodes, marks } = schema;

function text(value: string, ...applied: Mark[]): Node {
  return schema.text(value, applied);
}

function paragraph(...content: (Node | string)[]): Node {
  return nodes.paragraph.create(
    null,
    content.map((part) => (typeof part === "string" ? text(part) : part))
  );
}

function clause(id: string, ...content: Node[]): Node {
  return nodes.clause.create({ id }, content);
}

function section(heading: string, ...clauses: Node[]): Node {
  return nodes.section.create(null, [nodes.heading.create(null, heading ? text(heading) : null), ...clauses]);
}

function bulletList(...items: string[]): Node {
  return nodes.bullet_list.create(
    null,
    items.map((item) => nodes.list_item.create(null, paragraph(item)))
  );
}

function codeOfConduct(title: string, preamble: Node[], sections: Node[]): Node {
  const doc = nodes.doc.create(null, [
    nodes.title.create(null, title ? text(title) : null),
    nodes.preamble.create(null, preamble),
    ...sections,
  ]);
  doc.check();
  return doc;
}

/** The smallest valid code: a title, an empty preamble paragraph, one section with one empty clause. */
export function emptyCodeOfConduct(title: string): Node {
  return codeOfConduct(title.trim(), [paragraph()], [section("", clause(newStableId(), paragraph()))]);
}

/** The demo draft under negotiation: the first edition with "shall" in clause 1.1 reopened as `[shall | should]`. */
export function demoDraft(): Node {
  return demoCode(marks.bracket.create({ id: "demo-bracket-1", holders: ["NO"], alternatives: ["should"] }));
}

/** The demo's first edition as adopted: the same text with nothing in square brackets. */
export function demoFirstEdition(): Node {
  return demoCode(null);
}

/** Fixed ids, so the demo renders the same everywhere (ids only need to be unique within one document). */
function demoCode(shallOrShould: Mark | null): Node {
  return codeOfConduct(
    "Code of Conduct for the Responsible Export of Surveillance Technology",
    [
      paragraph(
        "The participating states recognise that intrusion software, spyware and forensic extraction tools can serve " +
          "lawful purposes, and that the same tools can be turned against journalists, human rights defenders and " +
          "political opponents to track, intimidate or silence them."
      ),
      paragraph(
        "Building on their national export control systems and on the multilateral export control regimes, they set " +
          "out the political commitments they intend to apply when deciding on exports of such technology. ",
        text("This code is voluntary and creates no obligations under international law.", marks.em.create())
      ),
    ],
    [
      section(
        "Human rights in export review",
        clause(
          "demo-review",
          paragraph(
            "Each participating state ",
            shallOrShould ? text("shall", shallOrShould) : "shall",
            " take into account the risk that an item may be used to commit or facilitate serious violations of " +
              "human rights when it reviews an application to export surveillance technology, having regard to:"
          ),
          clause(
            "demo-review-record",
            paragraph(
              "the end user's record of respect for human rights, including credible reports of past misuse of similar items;"
            )
          ),
          clause(
            "demo-review-law",
            paragraph("the law governing the use of surveillance in the country of destination, in particular:"),
            clause(
              "demo-review-law-authorisation",
              paragraph("whether each use requires prior authorisation by an independent body; and")
            ),
            clause(
              "demo-review-law-remedy",
              paragraph("whether persons affected by surveillance have access to an effective remedy;")
            )
          ),
          clause(
            "demo-review-capability",
            paragraph("the capabilities of the item and the scale at which it can be deployed.")
          )
        ),
        clause(
          "demo-review-outcome",
          paragraph(
            "Where that risk is substantial, a participating state should refuse the export or attach conditions " +
              "that reduce the risk to an acceptable level."
          )
        )
      ),
      section(
        "Consultation",
        clause(
          "demo-consult",
          paragraph(
            "Participating states intend to consult industry, academic researchers and civil society organisations " +
              "when they develop or revise controls on surveillance technology."
          )
        ),
        clause(
          "demo-due-diligence",
          paragraph(
            "They encourage companies that develop or sell such technology to carry out human rights due diligence, " +
              "in line with internationally recognised guidance on business and human rights."
          )
        )
      ),
      section(
        "Information sharing and capacity",
        clause(
          "demo-share",
          paragraph("Participating states intend to share with one another, as far as national law permits:"),
          bulletList(
            "information on emerging threats and on risks of misuse;",
            "good practice in licensing, enforcement and checks on end use."
          )
        ),
        clause(
          "demo-capacity",
          paragraph(
            "They stand ready to help other states build the capacity to review exports of surveillance technology " +
              "with due regard for human rights."
          )
        )
      ),
    ]
  );
}
