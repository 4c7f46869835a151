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

test("a state's feed has a French address; an edition's files, in the language they were adopted in, have none", () => {
  expect(fileRoutePath("/fr/states/NO.atom")).toBe("/fr/states/NO/files/atom");
  const notRewritten = [
    // Only languages other than the default have a prefix: English is unprefixed, anything else is no address of ours.
    "/en/states/NO.atom",
    "/de/states/NO.atom",
    "/FR/states/NO.atom",
    "/fr/fr/states/NO.atom",
    "/fr/states/no.atom",
    "/frstates/NO.atom",
    ...["pdf", "docx", "akn.xml", "json"].map((format) => `/fr/code/code-of-conduct-1.${format}`),
  ];
  for (const address of notRewritten) expect(fileRoutePath(address), address).toBeNull();
});
