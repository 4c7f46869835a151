// The kinds of step on an instrument's timeline, for its filter on both sides (the page's component and
// its loader); each kind is the prefix of the audit actions it gathers.
export const ACTIVITY_KINDS = {
  versions: { prefix: "version.", label: "Versions" },
  comments: { prefix: "comment.", label: "Comments" },
  amendments: { prefix: "amendment.", label: "Amendments" },
  brackets: { prefix: "bracket.", label: "Square brackets" },
  agreement: { prefix: "clause.", label: "Clause agreement" },
  silence: { prefix: "silence.", label: "Silence procedures" },
  editions: { prefix: "edition.", label: "Adoption" },
  pledges: { prefix: "pledge.", label: "Pledges" },
  commitments: { prefix: "commitment.", label: "Commitments and reports" },
} as const;

export type ActivityKind = keyof typeof ACTIVITY_KINDS;
