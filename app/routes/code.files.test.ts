// The published files of an edition at their public addresses: each format with its media type, file name
// and caching headers, a revalidation answered 304, and a clear 404 for an unknown edition or format.
import { beforeAll, describe, expect, test } from "vitest";
import type { EditionRow } from "../../db/schema";
import { fileRoutePath } from "../../server/file-addresses";
import { config } from "../lib/env.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { adoptedEdition } from "../testing/pledges";
import { callRoute, getRequest } from "../testing/routes";
import { loader } from "./code.$edition.files.$format";

let edition: EditionRow;

beforeAll(async () => {
  openTransparencyLog(config());
  ({ edition } = await adoptedEdition());
});

/** Requests a file by its pretty address, as server/file-addresses.ts hands it to the route. */
function fetchFile(address: string, headers: Record<string, string> = {}): Promise<Response> {
  const path = fileRoutePath(address);
  if (!path) throw new Error(`${address} is not the address of a published file`);
  const [, slug = "", format = ""] = /^\/code\/([^/]+)\/files\/(.+)$/.exec(path) ?? [];
  const request = getRequest(path);
  for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  return callRoute(loader, request, { params: { edition: slug, format } });
}

describe.each([
  { format: "json", type: "application/json; charset=utf-8", disposition: "inline", magic: "{" },
  { format: "pdf", type: "application/pdf", disposition: "attachment", magic: "%PDF-" },
  { format: "docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", disposition: "attachment", magic: "PK" },
  { format: "akn.xml", type: "application/akn+xml; charset=utf-8", disposition: "attachment", magic: "<?xml" },
])("/code/<edition>.$format", ({ format, type, disposition, magic }) => {
  test("serves the file with its type, name, and year-long immutable caching for anyone", async () => {
    const response = await fetchFile(`/code/${edition.slug}.${format}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(type);
    expect(response.headers.get("Content-Disposition")).toBe(`${disposition}; filename="${edition.slug}.${format}"`);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("ETag")).toBe(`"${edition.digest}-${format}"`);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, magic.length).toString("latin1")).toBe(magic);
    expect(response.headers.get("Content-Length")).toBe(String(body.byteLength));
  });

  test("answers a revalidation with the same ETag with 304 and no body", async () => {
    const response = await fetchFile(`/code/${edition.slug}.${format}`, { "If-None-Match": `W/"other", "${edition.digest}-${format}"` });
    expect(response.status).toBe(304);
    expect(response.headers.get("ETag")).toBe(`"${edition.digest}-${format}"`);
    expect(await response.text()).toBe("");
  });
});

test("the JSON names the edition, its digest and where its canonical text is", async () => {
  const response = await fetchFile(`/code/${edition.slug}.json`);
  const data = (await response.json()) as { id: string; digest: string; canonicalTextUrl: string };
  expect(data.id).toBe(edition.slug);
  expect(data.digest).toBe(edition.digest);
  expect(data.canonicalTextUrl).toMatch(/^http:\/\/localhost\/instruments\/[^/]+\/editions\/1\/text$/);
});

test("a revalidation naming another format's ETag gets the file", async () => {
  const response = await fetchFile(`/code/${edition.slug}.pdf`, { "If-None-Match": `"${edition.digest}-docx"` });
  expect(response.status).toBe(200);
});

test("an edition that does not exist is a 404 that says so", async () => {
  const response = await fetchFile("/code/no-such-edition-9.pdf");
  expect(response.status).toBe(404);
  expect(((await response.json()) as { message: string }).message).toBe("There is no adopted edition called “no-such-edition-9”.");
});

test("a format that is not published is a 404 naming the formats there are", async () => {
  const response = await callRoute(loader, getRequest(`/code/${edition.slug}/files/html`), { params: { edition: edition.slug, format: "html" } });
  expect(response.status).toBe(404);
  expect(((await response.json()) as { message: string }).message).toBe("There is no such file. An edition is published as .json, .pdf, .docx, .akn.xml.");
});
