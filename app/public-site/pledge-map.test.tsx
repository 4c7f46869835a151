// The map and the timeline as the server renders them, from pledges recorded through the domain on a
// fresh database: one link per pledged state with its address and name, the categories, the legend,
// the text alternatives and the timeline's table.
import { XMLParser } from "fast-xml-parser";
import { renderToString } from "react-dom/server";
import { beforeAll, expect, test } from "vitest";
import { translator } from "../i18n";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { countryName } from "../models/countries.server";
import { listPledges, recordPaperPledge, recordPaperWithdrawal } from "../models/pledge.server";
import { addState, getState } from "../models/state.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { personWith } from "../testing/drafts";
import { adoptedEdition } from "../testing/pledges";
import { confirmationFor } from "../testing/second-factor";
import type { MapCategory } from "./map-countries";
import type { MapPledge } from "./pledge-filters";
import { PledgeMap, type PledgeMapLabels } from "./pledge-map";
import { PledgeTimeline, type PledgeTimelineLabels } from "./pledge-timeline";
import { mapGeometryFor } from "./world-geometry.server";

const TODAY = "2026-11-27";
const { date } = translator("en");
let adoptedOn = "";
let pledges: MapPledge[] = [];

/** A day `days` after `iso`. */
const after = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  openTransparencyLog(config());
  setClock(() => Date.parse(`${TODAY}T09:00:00Z`));
  const { edition } = await adoptedEdition(30);
  adoptedOn = edition.adoptedOn;
  const chair = personWith("chair");
  const record = (stateCode: string, kind: MapPledge["kind"], effectiveDate: string) => {
    if (!getState(stateCode)) addState(SYSTEM_ACTOR, { code: stateCode });
    return recordPaperPledge(chair.actor, confirmationFor(chair.actor), { editionId: edition.id, stateCode, kind, effectiveDate });
  };
  record("NO", "subscription", adoptedOn);
  record("JP", "subscription", adoptedOn);
  record("US", "endorsement", after(adoptedOn, 5));
  record("MT", "endorsement", after(adoptedOn, 2));
  const french = record("FR", "subscription", adoptedOn);
  recordPaperWithdrawal(chair.actor, confirmationFor(chair.actor), { pledgeId: french.id, reason: "By letter", effectiveDate: after(adoptedOn, 10) });
  // What the pledge list hands the map: its pledges, with the state's name in the page's language.
  pledges = listPledges({ editionId: edition.id }).map((pledge) => ({
    stateCode: pledge.state.code,
    stateName: countryName(pledge.state.code, "en") ?? pledge.state.name,
    kind: pledge.kind,
    status: pledge.status,
    effectiveDate: pledge.effectiveDate,
    withdrawnOn: pledge.withdrawal?.effectiveDate ?? null,
  }));
});

const MAP_LABELS: PledgeMapLabels = {
  title: "World map of the states that pledged",
  description: "Each state that pledged is shaded by its pledge and links to its page.",
  legend: "Legend",
  categories: { subscription: "Subscribes", endorsement: "Endorses", withdrawn: "Withdrew" },
  countryStatus: {
    subscription: (state, since) => `${state}: subscribes since ${since}`,
    endorsement: (state, since) => `${state}: endorses since ${since}`,
    withdrawn: (state, since) => `${state}: withdrew on ${since}`,
  },
  listSummary: "The map as a list",
  none: "None",
};

const TIMELINE_LABELS: PledgeTimelineLabels = {
  title: "Pledges in force over time",
  description: "A step line per kind of pledge.",
  series: { subscription: "Subscriptions", endorsement: "Endorsements" },
  yAxis: "Pledges in force",
  tableSummary: "The chart as a table",
  tableCaption: "Pledges by date",
  columns: { date: "Date", newSubscriptions: "New subscriptions", newEndorsements: "New endorsements", withdrawals: "Withdrawals", totalActive: "In force" },
  empty: "No pledge to show.",
};

// The markup React renders is well-formed XML: read it as a tree rather than with patterns.
type XmlNode = Record<string, unknown> & { ":@"?: Record<string, string> };
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", processEntities: true, htmlEntities: true, trimValues: false });

function parse(markup: string): XmlNode[] {
  return parser.parse(`<root>${markup}</root>`) as XmlNode[];
}

function tagOf(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ":@") ?? "";
}

function childrenOf(node: XmlNode): XmlNode[] {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

/** Every element named `tag` under `nodes`, in document order. */
function findAll(nodes: XmlNode[], tag: string): XmlNode[] {
  return nodes.flatMap((node) => [...(tagOf(node) === tag ? [node] : []), ...findAll(childrenOf(node), tag)]);
}

function textOf(node: XmlNode): string {
  if (tagOf(node) === "#text") return String(node["#text"]);
  return childrenOf(node).map(textOf).join("");
}

const attr = (node: XmlNode | undefined, name: string) => node?.[":@"]?.[name];

function renderMap(): XmlNode[] {
  const geometry = mapGeometryFor(new Set(pledges.map((pledge) => pledge.stateCode)));
  return parse(
    renderToString(
      <PledgeMap pledges={pledges} geometry={geometry} hrefFor={(code) => `/fr/states/${code}`} formatDate={date} lang="en" labels={MAP_LABELS} />,
    ),
  );
}

test("the map has one link per pledged state, to its page, named with its pledge and date", () => {
  const [svg] = findAll(renderMap(), "svg").filter((node) => attr(node, "class") === "pledge-map__svg");
  const links = findAll(svg ? [svg] : [], "a");
  const expected = new Map<string, [string, MapCategory]>([
    ["FR", [`France: withdrew on ${date(after(adoptedOn, 10))}`, "withdrawn"]],
    ["JP", [`Japan: subscribes since ${date(adoptedOn)}`, "subscription"]],
    ["MT", [`Malta: endorses since ${date(after(adoptedOn, 2))}`, "endorsement"]],
    ["NO", [`Norway: subscribes since ${date(adoptedOn)}`, "subscription"]],
    ["US", [`United States of America: endorses since ${date(after(adoptedOn, 5))}`, "endorsement"]],
  ]);
  expect(links.map((link) => attr(link, "href")).sort()).toEqual([...expected.keys()].map((code) => `/fr/states/${code}`));
  for (const link of links) {
    const code = String(attr(link, "href")).slice(-2);
    const [name, category] = expected.get(code) ?? [];
    expect(attr(link, "aria-label")).toBe(name);
    expect(textOf(findAll([link], "title")[0] ?? {})).toBe(name);
    const [path] = findAll([link], "path");
    expect(attr(path, "class")).toBe(`pledge-map__shape pledge-map__shape--${category}`);
    expect(attr(path, "d")).toMatch(/^M/);
    // Endorsements are hatched, not only coloured: their fill is the pattern defined in the same SVG.
    const fill = attr(path, "fill");
    if (category === "endorsement") expect(findAll(svg ? [svg] : [], "pattern").map((p) => `url(#${attr(p, "id")})`)).toContain(fill);
    else expect(fill).toBeUndefined();
  }
});

test("the map is a labelled group over the neutral world image, hidden from assistive technology", () => {
  const [svg] = findAll(renderMap(), "svg").filter((node) => attr(node, "class") === "pledge-map__svg");
  expect(attr(svg, "role")).toBe("group");
  const [titleId, descId] = String(attr(svg, "aria-labelledby")).split(" ");
  expect(textOf(findAll(svg ? [svg] : [], "title").find((node) => attr(node, "id") === titleId) ?? {})).toBe(MAP_LABELS.title);
  expect(textOf(findAll(svg ? [svg] : [], "desc").find((node) => attr(node, "id") === descId) ?? {})).toBe(MAP_LABELS.description);
  const [image] = findAll(svg ? [svg] : [], "image");
  expect(attr(image, "href")).toBe("/pledges/map.svg");
  const hidden = findAll(svg ? [svg] : [], "g").find((group) => attr(group, "aria-hidden") === "true");
  expect(findAll(hidden ? [hidden] : [], "image")).toHaveLength(1);
});

test("the legend counts each category and the text alternative lists every pledged state under it", () => {
  const tree = renderMap();
  const legend = findAll(tree, "ul").find((list) => attr(list, "class") === "pledge-map__legend");
  expect(findAll(legend ? [legend] : [], "li").map(textOf)).toEqual(["Subscribes (2)", "Endorses (2)", "Withdrew (1)"]);
  const [details] = findAll(tree, "details");
  expect(attr(details, "open")).toBeUndefined();
  expect(textOf(findAll(details ? [details] : [], "summary")[0] ?? {})).toBe("The map as a list");
  expect(findAll(details ? [details] : [], "dt").map(textOf)).toEqual(["Subscribes (2)", "Endorses (2)", "Withdrew (1)"]);
  const listed = findAll(details ? [details] : [], "dd").map((dd) => findAll([dd], "li").map((item) => [attr(findAll([item], "a")[0], "href"), textOf(item)]));
  expect(listed).toEqual([
    [
      ["/fr/states/JP", `Japan, ${date(adoptedOn)}`],
      ["/fr/states/NO", `Norway, ${date(adoptedOn)}`],
    ],
    [
      ["/fr/states/MT", `Malta, ${date(after(adoptedOn, 2))}`],
      ["/fr/states/US", `United States of America, ${date(after(adoptedOn, 5))}`],
    ],
    [["/fr/states/FR", `France, ${date(after(adoptedOn, 10))}`]],
  ]);
});

test("a state with an active pledge is shown by it, whatever it withdrew before", () => {
  const again: MapPledge = { stateCode: "FR", stateName: "France", kind: "endorsement", status: "active", effectiveDate: TODAY, withdrawnOn: null };
  const geometry = mapGeometryFor(["FR"]);
  const markup = renderToString(
    <PledgeMap pledges={[...pledges.filter((p) => p.stateCode === "FR"), again]} geometry={geometry} hrefFor={(code) => `/states/${code}`} formatDate={date} lang="en" labels={MAP_LABELS} />,
  );
  const links = findAll(parse(markup), "a").filter((link) => attr(link, "class") === "pledge-map__country");
  expect(links.map((link) => attr(link, "aria-label"))).toEqual([`France: endorses since ${date(TODAY)}`]);
});

function renderTimeline(): XmlNode[] {
  return parse(renderToString(<PledgeTimeline pledges={pledges} asOf={TODAY} formatDate={date} labels={TIMELINE_LABELS} />));
}

test("the timeline is a labelled image with a step line per kind, labelled at its end with the count in force", () => {
  const tree = renderTimeline();
  const [svg] = findAll(tree, "svg");
  expect(attr(svg, "role")).toBe("img");
  expect(findAll(svg ? [svg] : [], "title").map(textOf)).toEqual([TIMELINE_LABELS.title]);
  const lines = findAll(svg ? [svg] : [], "path").map((path) => [attr(path, "class"), attr(path, "d")]);
  expect(lines.map(([kind]) => kind)).toEqual(["pledge-timeline__line pledge-timeline__line--subscription", "pledge-timeline__line pledge-timeline__line--endorsement"]);
  for (const [, d] of lines) expect(d).toMatch(/^M[\d.]+,[\d.]+(H[\d.]+V[\d.]+)+H[\d.]+$/);
  const labels = findAll(svg ? [svg] : [], "text").map(textOf);
  // In force today: Norway and Japan subscribe, the United States and Malta endorse; France withdrew.
  expect(labels).toContain("Subscriptions: 2");
  expect(labels).toContain("Endorsements: 2");
  expect(labels).toContain(date(adoptedOn));
  expect(labels).toContain(date(TODAY));
});

test("the timeline's table gives each date's new pledges, withdrawals and total in force", () => {
  const [table] = findAll(renderTimeline(), "table");
  expect(textOf(findAll(table ? [table] : [], "caption")[0] ?? {})).toBe("Pledges by date");
  const headers = findAll(table ? [table] : [], "th").filter((th) => attr(th, "scope") === "col");
  expect(headers.map(textOf)).toEqual(["Date", "New subscriptions", "New endorsements", "Withdrawals", "In force"]);
  const rows = findAll(findAll(table ? [table] : [], "tbody"), "tr").map((row) => childrenOf(row).map(textOf));
  expect(rows).toEqual([
    [date(adoptedOn), "3", "0", "0", "3"],
    [date(after(adoptedOn, 2)), "0", "1", "0", "4"],
    [date(after(adoptedOn, 5)), "0", "1", "0", "5"],
    [date(after(adoptedOn, 10)), "0", "0", "1", "4"],
  ]);
});

test("the timeline says so when there is no pledge", () => {
  const markup = renderToString(<PledgeTimeline pledges={[]} asOf={TODAY} formatDate={date} labels={TIMELINE_LABELS} />);
  expect(markup).toContain("No pledge to show.");
  expect(markup).not.toContain("<svg");
});
