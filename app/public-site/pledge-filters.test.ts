// The pledge list's filters: what each keeps, alone and together, what it refuses, and the orders.
import { describe, expect, test } from "vitest";
import { countPledges, filterQuery, NO_FILTER, parsePledgeFilter, selectPledges, type FilterablePledge, type PledgeFilter } from "./pledge-filters";
import { regionOf } from "./regions";

function pledge(code: string, en: string, fr: string, changes: Partial<FilterablePledge> = {}): FilterablePledge {
  return {
    stateCode: code,
    stateName: en,
    stateNames: [en, fr],
    region: regionOf(code),
    kind: "subscription",
    status: "active",
    editionSlug: "code-1",
    effectiveDate: "2023-03-30",
    declarations: [],
    ...changes,
  };
}

const PLEDGES = [
  pledge("NO", "Norway", "Norvège", { declarations: ["Norway applies the code to cloud services."] }),
  pledge("DE", "Germany", "Allemagne", { effectiveDate: "2023-05-02", kind: "endorsement" }),
  pledge("CI", "Côte d'Ivoire", "Côte d'Ivoire", { effectiveDate: "2024-01-15" }),
  pledge("XK", "Kosovo", "Kosovo", { effectiveDate: "2023-03-30", status: "withdrawn", editionSlug: "code-2" }),
  pledge("JP", "Japan", "Japon", { effectiveDate: "2023-04-01" }),
];

const codes = (pledges: FilterablePledge[]) => pledges.map((one) => one.stateCode);

function filtered(query: string): string[] {
  const parsed = parsePledgeFilter(new URLSearchParams(query), ["code-1", "code-2"]);
  if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.problems)}`);
  return codes(selectPledges(PLEDGES, parsed.filter, "en"));
}

describe("each filter alone", () => {
  test("no filter keeps every pledge, by date then state", () => {
    expect(filtered("")).toEqual(["XK", "NO", "JP", "DE", "CI"]);
  });
  test("kind, status, region and edition", () => {
    expect(filtered("kind=endorsement")).toEqual(["DE"]);
    expect(filtered("status=withdrawn")).toEqual(["XK"]);
    expect(filtered("status=active")).toEqual(["NO", "JP", "DE", "CI"]);
    expect(filtered("region=Asia")).toEqual(["JP"]);
    expect(filtered("region=Africa")).toEqual(["CI"]);
    expect(filtered("edition=code-2")).toEqual(["XK"]);
  });
  test("Kosovo is in Europe", () => {
    expect(regionOf("XK")).toBe("Europe");
    expect(filtered("region=Europe")).toEqual(["XK", "NO", "DE"]);
  });
  test("the date range includes both ends", () => {
    expect(filtered("from=2023-04-01&to=2023-05-02")).toEqual(["JP", "DE"]);
    expect(filtered("from=2023-05-03")).toEqual(["CI"]);
    expect(filtered("to=2023-03-30")).toEqual(["XK", "NO"]);
  });
  test("the search finds a state by its name in either language, accents aside, or by its code, or a declaration's words", () => {
    expect(filtered("q=allemagne")).toEqual(["DE"]);
    expect(filtered("q=Germany")).toEqual(["DE"]);
    expect(filtered("q=norvege")).toEqual(["NO"]);
    expect(filtered("q=cote d'ivoire")).toEqual(["CI"]);
    expect(filtered("q=jp")).toEqual(["JP"]);
    expect(filtered("q=cloud services")).toEqual(["NO"]);
    expect(filtered("q=nowhere")).toEqual([]);
  });
});

test("filters together keep what every one keeps", () => {
  expect(filtered("region=Europe&status=active")).toEqual(["NO", "DE"]);
  expect(filtered("region=Europe&status=active&kind=subscription&from=2023-01-01&to=2023-12-31&q=nor")).toEqual(["NO"]);
  expect(filtered("edition=code-1&region=Europe&kind=endorsement&sort=-state")).toEqual(["DE"]);
});

test("the four orders: dates with ties by state, and states in the page's language", () => {
  expect(filtered("sort=date")).toEqual(["XK", "NO", "JP", "DE", "CI"]);
  expect(filtered("sort=-date")).toEqual(["CI", "DE", "JP", "XK", "NO"]);
  expect(filtered("sort=state")).toEqual(["CI", "DE", "JP", "XK", "NO"]);
  expect(filtered("sort=-state")).toEqual(["NO", "XK", "JP", "DE", "CI"]);
  const french = PLEDGES.map((one) => ({ ...one, stateName: one.stateNames[1] ?? "" }));
  const parsed = parsePledgeFilter(new URLSearchParams("sort=state"), []);
  expect(parsed.ok && codes(selectPledges(french, parsed.filter, "fr"))).toEqual(["DE", "CI", "JP", "XK", "NO"]);
});

test("empty values mean any; bad values are refused, each naming its field", () => {
  const empty = parsePledgeFilter(new URLSearchParams("q=&kind=&status=&region=&edition=&from=&to=&sort="), []);
  expect(empty).toMatchObject({ ok: true, filter: NO_FILTER });

  const bad = parsePledgeFilter(
    new URLSearchParams("kind=treaty&status=gone&region=Atlantis&edition=code-9&from=2023-02-30&to=someday&sort=size"),
    ["code-1"],
  );
  expect(bad.ok).toBe(false);
  expect(!bad.ok && bad.problems).toEqual([
    { field: "kind", value: "treaty" },
    { field: "status", value: "gone" },
    { field: "region", value: "Atlantis" },
    { field: "edition", value: "code-9" },
    { field: "from", value: "2023-02-30" },
    { field: "to", value: "someday" },
    { field: "sort", value: "size" },
  ]);
  const reversed = parsePledgeFilter(new URLSearchParams("from=2024-01-01&to=2023-01-01"), []);
  expect(!reversed.ok && reversed.problems).toEqual([{ field: "to", value: "2023-01-01" }]);
  const long = parsePledgeFilter(new URLSearchParams({ q: "x".repeat(201) }), []);
  expect(!long.ok && long.problems.map((problem) => problem.field)).toEqual(["q"]);
});

test("counts split the listed pledges into active subscriptions, active endorsements and withdrawals", () => {
  expect(countPledges(PLEDGES)).toEqual({ total: 5, subscribing: 3, endorsing: 1, withdrawn: 1 });
  expect(countPledges([])).toEqual({ total: 0, subscribing: 0, endorsing: 0, withdrawn: 0 });
});

test("a filter's query string leaves out what is 'any' and the default sort", () => {
  const filter: PledgeFilter = { ...NO_FILTER, kind: "endorsement", q: "côte d'ivoire" };
  expect(filterQuery(NO_FILTER)).toBe("");
  expect(filterQuery(filter, { sort: "-state" })).toBe("?q=c%C3%B4te+d%27ivoire&kind=endorsement&sort=-state");
  expect(filterQuery({ ...filter, sort: "-date" }, { sort: "date" })).toBe("?q=c%C3%B4te+d%27ivoire&kind=endorsement");
});
