import { expect, test } from "vitest";
import { TokenBucket } from "./rate-limit";

test("the bucket allows its burst at once, then refills at its rate", () => {
  let at = 0;
  const bucket = new TokenBucket({ perSecond: 60, burst: 120, now: () => at });
  let taken = 0;
  while (bucket.take()) taken += 1;
  expect(taken).toBe(120);
  at += 500; // half a second: 30 tokens
  taken = 0;
  while (bucket.take()) taken += 1;
  expect(taken).toBe(30);
  at += 60_000; // never more than the burst
  taken = 0;
  while (bucket.take()) taken += 1;
  expect(taken).toBe(120);
});

test("a steady 50 messages a second is never refused", () => {
  let at = 0;
  const bucket = new TokenBucket({ perSecond: 60, burst: 120, now: () => at });
  for (let i = 0; i < 5000; i += 1) {
    at += 20;
    expect(bucket.take()).toBe(true);
  }
});
