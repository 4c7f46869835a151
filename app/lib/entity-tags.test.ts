import { expect, test } from "vitest";
import { ifNoneMatchNames } from "./entity-tags";

test("If-None-Match names a tag by weak comparison, in a list, or with *", () => {
  expect(ifNoneMatchNames('"abc"', '"abc"')).toBe(true);
  expect(ifNoneMatchNames('W/"abc"', '"abc"')).toBe(true);
  expect(ifNoneMatchNames('"abc"', 'W/"abc"')).toBe(true);
  expect(ifNoneMatchNames('"x", W/"abc" ,"y"', '"abc"')).toBe(true);
  expect(ifNoneMatchNames("*", '"abc"')).toBe(true);
  expect(ifNoneMatchNames('"abcd"', '"abc"')).toBe(false);
  expect(ifNoneMatchNames("", '"abc"')).toBe(false);
  expect(ifNoneMatchNames(null, '"abc"')).toBe(false);
  expect(ifNoneMatchNames(undefined, '"abc"')).toBe(false);
});
