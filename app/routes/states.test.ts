// A state's public page: its participation history, its pledges with declarations and withdrawals
// linked to their log proofs, its commitment reports; in English and in French; 404 for a code that
// is not a participating state's.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, expect, test } from "vitest";
import type { EditionRow } from "../../db/schema";
import { I18nProvider, translator, type Lang } from "../i18n";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { addCommitment, fileReport } from "../models/commitment.server";
import { editionClauses } from "../models/edition.server";
import { recordParticipation } from "../models/participation.server";
import { listPledges, recordPaperDeclaration, recordPaperPledge, recordPaperWithdrawal } from "../models/pledge.server";
import { latestCheckpoint, openTransparencyLog } from "../models/transparency-log.server";
import { personWith } from "../testing/drafts";
import { adoptedEdition } from "../testing/pledges";
import { callRoute, getRequest, openTestSession, testContext } from "../testing/routes";
import { confirmationFor } from "../testing/second-factor";
import * as stateRoute from "./($lang).states.$code";

let edition: EditionRow;

beforeAll(async () => {
  openTransparencyLog(config());
  setClock(() => Date.UTC(2026, 10, 27, 9, 0, 0));
  edition = (await adoptedEdition()).edition;
  const chair = personWith("chair");
  const norway = personWith("delegate", "NO");
  personWith("delegate", "SE");
  const confirm = () => confirmationFor(chair.actor);

  recordParticipation(chair.actor, { stateCode: "NO", status: "committed", effectiveDate: "2025-06-01", sourceNote: "Joint statement, Oslo" });
  recordParticipation(chair.actor, { stateCode: "NO", status: "invited", effectiveDate: "2025-01-15", sourceNote: "Letter of invitation" });

  const pledge = recordPaperPledge(chair.actor, confirm(), { editionId: edition.id, kind: "endorsement", stateCode: "NO", effectiveDate: edition.adoptedOn });
  recordPaperDeclaration(chair.actor, confirm(), { pledgeId: pledge.id, text: "Norway reads clause 2 as covering cloud services.", effectiveDate: edition.adoptedOn });
  recordPaperWithdrawal(chair.actor, confirm(), { pledgeId: pledge.id, reason: "Superseded by a subscription.", effectiveDate: edition.adoptedOn });
  recordPaperPledge(chair.actor, confirm(), { editionId: edition.id, kind: "subscription", stateCode: "NO", effectiveDate: edition.adoptedOn });

  const [clause] = editionClauses(edition);
  const commitment = addCommitment(chair.actor, { editionId: edition.id, title: "Publish licensing data", description: "", clauseIds: [clause?.id ?? ""] });
  const report = { commitmentId: commitment.id, evidenceLinks: [], reportDate: edition.adoptedOn };
  fileReport(norway.actor, { ...report, status: "not-started", narrative: "Work has been planned." });
  fileReport(norway.actor, { ...report, status: "in-progress", narrative: "The first annual report is drafted.", evidenceLinks: ["https://example.org/licensing-2026"] });
});

type RouterArgs = Pick<LoaderFunctionArgs, "request" | "params">;
type StateData = Awaited<ReturnType<Awaited<ReturnType<typeof stateRoute.loader>>["json"]>>;

/** The loader's data for the state's page at `path`. */
async function stateData(path: string, params: Record<string, string>): Promise<StateData> {
  const response = await callRoute(stateRoute.loader, getRequest(path), { params });
  expect(response.status).toBe(200);
  return (await response.json()) as StateData;
}

/** The state's page as a browser gets it, rendered on the server from the route's real loader. */
async function renderState(path: string, lang: Lang = "en"): Promise<string> {
  const route = {
    id: "page",
    path: "/:lang?/states/:code",
    loader: ({ request, params }: RouterArgs) => stateRoute.loader({ request, params, context: testContext() }),
    Component: stateRoute.default,
  };
  const handler = createStaticHandler([route]);
  const context = await handler.query(getRequest(path));
  if (context instanceof Response) throw new Error(`the page answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(createElement(I18nProvider, { lang, children: createElement(StaticRouterProvider, { router, context }) }));
  // React marks where adjacent texts meet; a reader sees one text.
  return html.replaceAll("<!-- -->", "");
}

test("the loader gives the history oldest first, every pledge with its events in log order, and the current reports", async () => {
  const data = await stateData("/states/NO", { code: "NO" });
  expect(data.state).toEqual({ code: "NO", name: "Norway" });
  expect(data.participation.map((record) => [record.status, record.effectiveDate, record.sourceNote])).toEqual([
    ["invited", "2025-01-15", "Letter of invitation"],
    ["committed", "2025-06-01", "Joint statement, Oslo"],
  ]);
  const [withdrawn, current] = listPledges({ stateCode: "NO" }).sort((a, b) => a.id - b.id);
  expect(data.pledges.map((pledge) => [pledge.id, pledge.kind, pledge.channel, pledge.withdrawnOn])).toEqual([
    [withdrawn?.id, "endorsement", "paper", edition.adoptedOn],
    [current?.id, "subscription", "paper", null],
  ]);
  expect(data.pledges[0]?.events.map((event) => [event.type, event.logIndex, event.text])).toEqual([
    ["pledge", withdrawn?.logIndex, null],
    ["declaration", withdrawn?.declarations[0]?.logIndex, "Norway reads clause 2 as covering cloud services."],
    ["withdrawal", withdrawn?.withdrawal?.logIndex, "Superseded by a subscription."],
  ]);
  expect(data.reports).toEqual([
    {
      edition: { slug: edition.slug, title: edition.title },
      commitments: [
        {
          number: 1,
          title: "Publish licensing data",
          latest: { status: "in-progress", reportDate: edition.adoptedOn, narrative: "The first annual report is drafted.", evidenceLinks: ["https://example.org/licensing-2026"] },
          earlier: 1,
        },
      ],
    },
  ]);
  expect(data.treeSize).toBe(latestCheckpoint().treeSize);
});

test("the page shows all of it, each event linked to its inclusion proof and each pledge to its proof bundle", async () => {
  const html = await renderState("/states/NO");
  const { date } = translator("en");
  expect(html).toContain("<h1>Norway <span class=\"state-code\">(NO)</span></h1>");
  expect(html).toContain("Joint statement, Oslo");
  expect(html.indexOf("Letter of invitation")).toBeLessThan(html.indexOf("Joint statement, Oslo"));
  expect(html).toContain("Norway reads clause 2 as covering cloud services.");
  expect(html).toContain("Superseded by a subscription.");
  expect(html).toContain(`Withdrawn on ${date(edition.adoptedOn)}`);
  expect(html).toContain("received on paper and recorded by the chair");
  const size = latestCheckpoint().treeSize;
  for (const pledge of listPledges({ stateCode: "NO" })) {
    for (const index of [pledge.logIndex, ...pledge.declarations.map((d) => d.logIndex), ...(pledge.withdrawal ? [pledge.withdrawal.logIndex] : [])]) {
      expect(html).toContain(`href="/log/proof/inclusion?index=${index}&amp;size=${size}"`);
    }
    expect(html).toContain(`href="/pledges/${pledge.id}/proof.json"`);
  }
  expect(html).toContain("Commitment 1: Publish licensing data");
  expect(html).toContain("In progress");
  expect(html).toContain('href="https://example.org/licensing-2026"');
  expect(html).toContain("1 earlier report on this commitment");
  expect(html).not.toContain("Work has been planned.");
  expect(html).toContain('href="/states/NO.atom"');
});

test("the head links the state's Atom feed", async () => {
  const data = await stateData("/states/NO", { code: "NO" });
  const tags = stateRoute.meta({ data } as unknown as Parameters<typeof stateRoute.meta>[0]);
  expect(tags).toContainEqual(expect.objectContaining({ tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/states/NO.atom" }));
});

test("a state without pledges or reports says so", async () => {
  const html = await renderState("/states/SE");
  expect(html).toContain("<h1>Sweden");
  expect(html).toContain("This state has not pledged to any edition.");
  expect(html).toContain("This state has not reported on any commitment.");
  expect(html).toContain("No status has been recorded for this state yet.");
});

test("an unknown or malformed code, or an unknown language, is 404", async () => {
  for (const code of ["ZZ", "FR", "no", "NOR", ""]) {
    expect((await callRoute(stateRoute.loader, getRequest(`/states/${code}`), { params: { code } })).status).toBe(404);
  }
  expect((await callRoute(stateRoute.loader, getRequest("/de/states/NO"), { params: { lang: "de", code: "NO" } })).status).toBe(404);
});

test("the French page gives the state's French name, French dates and French words", async () => {
  const html = await renderState("/fr/states/NO", "fr");
  const { date } = translator("fr");
  expect(html).toContain("<h1>Norvège <span class=\"state-code\">(NO)</span></h1>");
  expect(html).toContain("Participation à l’initiative");
  expect(html).toContain("Engagé");
  expect(html).toContain(`Retiré le ${date(edition.adoptedOn)}`);
  expect(html).toContain("1 rapport antérieur sur cet engagement");
  expect(html).toMatch(/href="\/fr\/pledges\/\d+"/);
  const data = await stateData("/fr/states/NO", { lang: "fr", code: "NO" });
  expect(data.feedTitle).toBe("Norvège : engagements et retraits – Accord");
});

test("the page is cached by a tag of what it shows: 304 while unchanged, never shared when signed in", async () => {
  const first = await callRoute(stateRoute.loader, getRequest("/states/NO"), { params: { code: "NO" } });
  const tag = first.headers.get("ETag") ?? "";
  expect(tag).toMatch(/^W\/"state-en-/);
  expect(first.headers.get("Cache-Control")).toMatch(/^public/);
  const again = await callRoute(stateRoute.loader, new Request("http://localhost/states/NO", { headers: { "If-None-Match": tag } }), { params: { code: "NO" } });
  expect(again.status).toBe(304);
  const french = await callRoute(stateRoute.loader, getRequest("/fr/states/NO"), { params: { lang: "fr", code: "NO" } });
  expect(french.headers.get("ETag")).not.toBe(tag);

  const reader = personWith("observer");
  const { cookie } = await openTestSession(reader.userId);
  const signedIn = await callRoute(stateRoute.loader, getRequest("/states/NO", { cookie }), { params: { code: "NO" } });
  expect(signedIn.status).toBe(200);
  expect(signedIn.headers.get("Cache-Control")).toBe("private, no-cache");
});
