import { expect, test } from "vitest";
import { setClock } from "../lib/clock.server";
import { config, installConfig } from "../lib/env.server";
import { COLLAB_TOKEN_TTL_MS, issueCollabToken, verifyCollabToken } from "./collab-token.server";

const input = { userId: 7, documentName: "instrument/code-of-conduct", scope: "edit", stateCode: "NO" } as const;

test("a token verifies for its document and carries the user, scope and state", () => {
  setClock(() => Date.parse("2026-01-01T10:00:00Z"));
  const token = issueCollabToken(input);
  expect(token).toMatch(/^c1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  expect(verifyCollabToken(token, input.documentName)).toEqual({
    ...input,
    expiresAt: Date.parse("2026-01-01T10:00:00Z") + COLLAB_TOKEN_TTL_MS,
  });
});

test("a token for another document is refused", () => {
  const token = issueCollabToken(input);
  expect(verifyCollabToken(token, "instrument/other")).toBeNull();
});

test("a token expires two minutes after it was issued", () => {
  const start = Date.parse("2026-01-01T10:00:00Z");
  setClock(() => start);
  const token = issueCollabToken({ ...input, scope: "read", stateCode: null });
  setClock(() => start + COLLAB_TOKEN_TTL_MS - 1);
  expect(verifyCollabToken(token, input.documentName)?.scope).toBe("read");
  setClock(() => start + COLLAB_TOKEN_TTL_MS);
  expect(verifyCollabToken(token, input.documentName)).toBeNull();
});

test("a tampered, truncated or malformed token is refused", () => {
  const token = issueCollabToken(input);
  const [version, payload, signature] = token.split(".") as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ u: 1, d: input.documentName, s: "edit", c: null, e: Date.now() + 60_000 })).toString(
    "base64url",
  );
  // A character in the middle: every bit of it is signature (the last character has spare bits).
  const middle = Math.floor(signature.length / 2);
  const flipped = signature.slice(0, middle) + (signature[middle] === "A" ? "B" : "A") + signature.slice(middle + 1);
  // The last character's spare bits changed: the same bytes, spelled differently, are not the token.
  const last = signature.at(-1) ?? "A";
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const respelled = signature.slice(0, -1) + (alphabet[alphabet.indexOf(last) ^ 1] ?? "A");
  for (const bad of [
    `${version}.${forged}.${signature}`,
    `${version}.${payload}.${flipped}`,
    `${version}.${payload}.${respelled}`,
    `${version}.${payload}.${signature.slice(0, 20)}`,
    `c0.${payload}.${signature}`,
    `${version}.${payload}`,
    "",
    "not a token",
    `${version}.${payload}.${signature}.x`,
  ]) {
    expect(verifyCollabToken(bad, input.documentName), bad).toBeNull();
  }
});

test("a token signed under another session secret is refused", () => {
  const token = issueCollabToken(input);
  const original = config();
  installConfig({ ...original, sessionSecret: "another-secret-that-is-also-long-enough-0000" });
  try {
    expect(verifyCollabToken(token, input.documentName)).toBeNull();
  } finally {
    installConfig(original);
  }
});
