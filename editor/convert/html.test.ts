import { describe, expect, it } from "vitest";
import { schema } from "../schema";
import { demoDraft } from "../starting-documents";
import { a, bracket, clause, code, doc, em, h, li, p, preamble, section, strong, title, ul } from "../test-builder";
import { documentToHTML } from "./html";

describe("documentToHTML", () => {
  it("renders a clause as a section with its number, its anchor and its stable id", () => {
    const html = documentToHTML(code(section(h("Scope"), clause("c1", p("one"), clause("c2", p("two"))))));
    expect(html).toBe(
      [
        '<article class="code-of-conduct">',
        "<h1>Code</h1>",
        '<section class="preamble">',
        "<p>Preamble.</p>",
        "</section>",
        '<section class="section" id="section-1">',
        '<h2><span class="section-number">1.</span> Scope</h2>',
        '<section class="clause" id="clause-1.1" data-clause-id="c1">',
        '<p><span class="clause-number">1.1</span> one</p>',
        '<section class="clause" id="clause-1.1-a" data-clause-id="c2">',
        '<p><span class="clause-number">1.1(a)</span> two</p>',
        "</section>",
        "</section>",
        "</section>",
        "</article>",
        "",
      ].join("\n")
    );
  });

  it("escapes text, so a script in the text stays text", () => {
    // schema.text, not plain strings: the test builder would read "<script>" as a position tag.
    const html = documentToHTML(
      doc(
        title(schema.text("<script>alert(1)</script>")),
        preamble(p(schema.text('A & B <img src=x onerror="alert(1)">'))),
        section(h("S"), clause("c1", p(schema.text("</p><script>x</script>"))))
      )
    );
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(html).toContain('<p>A &amp; B &lt;img src=x onerror="alert(1)"&gt;</p>');
    expect(html).toContain("&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;");
  });

  it("escapes attribute values and keeps links to the safe protocols", () => {
    const html = documentToHTML(
      code(section(h("S"), clause("c1", p(a({ href: 'https://example.org/?q="><script>' }, "link")))))
    );
    expect(html).toContain(
      '<a href="https://example.org/?q=&quot;&gt;&lt;script&gt;" rel="nofollow noopener noreferrer">link</a>'
    );
    expect(html).not.toMatch(/<script/i);
  });

  it("renders brackets with their holders and alternatives, and nests marks properly", () => {
    const html = documentToHTML(
      code(
        section(
          h("S"),
          clause(
            "c1",
            p(
              "States ",
              bracket({ id: "b1", holders: ["NO", "XK"], alternatives: ["should <not>"] }, "shall ", em("act")),
              " ",
              strong(em("now"))
            )
          )
        )
      )
    );
    expect(html).toContain(
      '<span class="bracket" data-bracket-id="b1" data-holders="NO XK">[shall <em>act</em> | <span class="bracket-alternative">should &lt;not&gt;</span>]</span> <em><strong>now</strong></em>'
    );
  });

  it("renders lists, and a clause that starts with one", () => {
    const html = documentToHTML(code(section(h("S"), clause("c1", ul(li(p("x")), li(p("y")))))));
    expect(html).toContain(
      '<p><span class="clause-number">1.1</span></p>\n<ul>\n<li><p>x</p></li>\n<li><p>y</p></li>\n</ul>'
    );
  });

  it("carries no script, style or event handler in the demo", () => {
    const html = documentToHTML(demoDraft());
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
    expect(html).toContain('id="clause-1.1-b-ii" data-clause-id="demo-review-law-remedy"');
  });
});
