// The timeline of pledges: for each date on which something happened, what happened and how many
// pledges were in force at the end of that day. Pure and browser-safe: the chart and its table both
// read it.
import type { MapPledge } from "./pledge-filters";

export interface TimelinePoint {
  /** `YYYY-MM-DD`. */
  date: string;
  newSubscriptions: number;
  newEndorsements: number;
  withdrawals: number;
  /** In force at the end of the day. */
  activeSubscriptions: number;
  activeEndorsements: number;
  totalActive: number;
}

type Change = Pick<TimelinePoint, "newSubscriptions" | "newEndorsements" | "withdrawals"> & {
  subscriptions: number;
  endorsements: number;
};

const NO_CHANGE: Change = { newSubscriptions: 0, newEndorsements: 0, withdrawals: 0, subscriptions: 0, endorsements: 0 };

/**
 * The points of the timeline, in date order: one per date on which a pledge took effect or was
 * withdrawn. A withdrawn pledge counts as in force from its effective date to its withdrawal; one
 * recorded as withdrawn without a date cannot be placed in time and is left out, rather than shown in force.
 */
export function timelineSeries(pledges: readonly MapPledge[]): TimelinePoint[] {
  const changes = new Map<string, Change>();
  const change = (date: string, apply: (change: Change) => Change) => changes.set(date, apply(changes.get(date) ?? NO_CHANGE));

  for (const pledge of pledges) {
    if (pledge.status === "withdrawn" && pledge.withdrawnOn === null) continue;
    const subscription = pledge.kind === "subscription";
    const delta = { subscriptions: subscription ? 1 : 0, endorsements: subscription ? 0 : 1 };
    change(pledge.effectiveDate, (c) => ({
      ...c,
      newSubscriptions: c.newSubscriptions + delta.subscriptions,
      newEndorsements: c.newEndorsements + delta.endorsements,
      subscriptions: c.subscriptions + delta.subscriptions,
      endorsements: c.endorsements + delta.endorsements,
    }));
    if (pledge.status === "withdrawn" && pledge.withdrawnOn !== null) {
      change(pledge.withdrawnOn, (c) => ({
        ...c,
        withdrawals: c.withdrawals + 1,
        subscriptions: c.subscriptions - delta.subscriptions,
        endorsements: c.endorsements - delta.endorsements,
      }));
    }
  }

  let activeSubscriptions = 0;
  let activeEndorsements = 0;
  return [...changes.keys()].sort().map((date) => {
    const { newSubscriptions, newEndorsements, withdrawals, subscriptions, endorsements } = changes.get(date) ?? NO_CHANGE;
    activeSubscriptions += subscriptions;
    activeEndorsements += endorsements;
    return {
      date,
      newSubscriptions,
      newEndorsements,
      withdrawals,
      activeSubscriptions,
      activeEndorsements,
      totalActive: activeSubscriptions + activeEndorsements,
    };
  });
}
