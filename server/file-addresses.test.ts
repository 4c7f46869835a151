import { expect, test } from "vitest";
import { fileRoutePath } from "./file-addresses";

test("published files' addresses map to their resource routes; nothing else is touched", () => {
  expect(fileRoutePath("/code/code-of-conduct-1.pdf")).toBe("/code/code-of-conduct-1/files/pdf");
  expect(fileRoutePath("/code/code-of-conduct-1.akn.xml")).toBe("/code/code-of-conduct-1/files/akn.xml");
  expect(fileRoutePath("/code/code-of-conduct-2.json")).toBe("/code/code-of-conduct-2/files/json");
  expect(fileRoutePath("/code/code-of-conduct-1.docx")).toBe("/code/code-of-conduct-1/files/docx");
  expect(fileRoutePath("/states/NO.atom")).toBe("/states/NO/files/atom");
  for (const other of ["/code/code-of-conduct-1", "/code/code-of-conduct-1.exe", "/code/../etc.pdf", "/states/no.atom", "/states/NOR.atom", "/pledges.json"]) {
    expect(fileRoutePath(other), other).toBeNull();
  }
});
