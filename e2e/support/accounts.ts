// The demo accounts the server seeds on an empty database (db/seed/demo-scenario.ts), and the one
// password they share in the end-to-end run (handed to the server as DEMO_PASSWORD).
export const DEMO_PASSWORD = "Quorum-Lantern-Plenary-4729";

/** The states of the demo scenario that have a delegate and a signer account. */
export const DELEGATION_CODES = ["US", "AU", "DK", "NO", "CA", "FR", "NL", "GB"] as const;
export type DelegationCode = (typeof DELEGATION_CODES)[number];

export const CHAIR = "chair@demo.test";
export const OBSERVER = "observer@demo.test";

export function delegateOf(code: DelegationCode): string {
  return `delegate.${code.toLowerCase()}@demo.test`;
}

export function signerOf(code: DelegationCode): string {
  return `signer.${code.toLowerCase()}@demo.test`;
}

export const DEMO_ACCOUNTS: readonly string[] = [
  CHAIR,
  ...DELEGATION_CODES.flatMap((code) => [delegateOf(code), signerOf(code)]),
  OBSERVER,
];

/** An address no account has, different on every call. */
export function unknownEmail(label: string): string {
  return `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@nobody.test`;
}
