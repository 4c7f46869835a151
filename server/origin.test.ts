import { expect, test } from "vitest";
import { isSameOrigin } from "./origin";

const app = "https://accord.example.org";

test("a request from the app's own origin passes", () => {
  expect(isSameOrigin({ origin: app }, app)).toBe(true);
});

test("another origin, a look-alike or a null origin is refused", () => {
  expect(isSameOrigin({ origin: "https://evil.example" }, app)).toBe(false);
  expect(isSameOrigin({ origin: "https://accord.example.org.evil.example" }, app)).toBe(false);
  expect(isSameOrigin({ origin: "http://accord.example.org" }, app)).toBe(false);
  expect(isSameOrigin({ origin: "null" }, app)).toBe(false);
  // An Origin header wins over a claim of Sec-Fetch-Site.
  expect(isSameOrigin({ origin: "https://evil.example", secFetchSite: "same-origin" }, app)).toBe(false);
});

test("without Origin, only Sec-Fetch-Site: same-origin passes", () => {
  expect(isSameOrigin({ secFetchSite: "same-origin" }, app)).toBe(true);
  expect(isSameOrigin({ secFetchSite: "same-site" }, app)).toBe(false);
  expect(isSameOrigin({ secFetchSite: "cross-site" }, app)).toBe(false);
  expect(isSameOrigin({}, app)).toBe(false);
});
