// The timeline's figures: counts in force change on the day a pledge takes effect or is withdrawn.
import { expect, test } from "vitest";
import type { MapPledge } from "./pledge-filters";
import { timelineSeries } from "./timeline-series";

function pledge(stateCode: string, kind: MapPledge["kind"], effectiveDate: string, withdrawnOn: string | null = null): MapPledge {
  return { stateCode, stateName: stateCode, kind, status: withdrawnOn ? "withdrawn" : "active", effectiveDate, withdrawnOn };
}

test("counts new pledges and withdrawals per date and what is in force at the end of each day", () => {
  const series = timelineSeries([
    pledge("NO", "subscription", "2023-03-30"),
    pledge("JP", "subscription", "2023-03-30", "2024-06-01"),
    pledge("US", "endorsement", "2023-09-12"),
    pledge("FR", "endorsement", "2024-06-01"),
  ]);
  expect(series).toEqual([
    { date: "2023-03-30", newSubscriptions: 2, newEndorsements: 0, withdrawals: 0, activeSubscriptions: 2, activeEndorsements: 0, totalActive: 2 },
    { date: "2023-09-12", newSubscriptions: 0, newEndorsements: 1, withdrawals: 0, activeSubscriptions: 2, activeEndorsements: 1, totalActive: 3 },
    { date: "2024-06-01", newSubscriptions: 0, newEndorsements: 1, withdrawals: 1, activeSubscriptions: 1, activeEndorsements: 2, totalActive: 3 },
  ]);
});

test("sorts by date whatever the order of the pledges, and ends with the number in force today", () => {
  const pledges = [
    pledge("DE", "endorsement", "2025-01-15", "2025-02-01"),
    pledge("NO", "subscription", "2023-03-30"),
    pledge("KR", "subscription", "2024-11-05"),
  ];
  const series = timelineSeries(pledges);
  expect(series.map((point) => point.date)).toEqual(["2023-03-30", "2024-11-05", "2025-01-15", "2025-02-01"]);
  expect(series.at(-1)?.totalActive).toBe(pledges.filter((one) => one.status === "active").length);
  expect(series.at(-1)?.activeEndorsements).toBe(0);
});

test("leaves out a withdrawn pledge without a withdrawal date rather than showing it in force", () => {
  const undated: MapPledge = { ...pledge("GB", "subscription", "2023-03-30"), status: "withdrawn" };
  expect(timelineSeries([undated, pledge("NO", "subscription", "2023-04-01")])).toEqual([
    { date: "2023-04-01", newSubscriptions: 1, newEndorsements: 0, withdrawals: 0, activeSubscriptions: 1, activeEndorsements: 0, totalActive: 1 },
  ]);
});

test("an empty list has no point", () => {
  expect(timelineSeries([])).toEqual([]);
});
