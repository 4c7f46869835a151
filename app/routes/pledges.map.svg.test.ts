// The neutral world map image: an SVG document, cached by the browser and revalidated by ETag.
import { XMLValidator } from "fast-xml-parser";
import { expect, test } from "vitest";
import { worldViewBox } from "../public-site/world-geometry.server";
import { callRoute, getRequest } from "../testing/routes";
import * as mapRoute from "./pledges.map[.]svg";

/** A request for the map carrying the browser's If-None-Match. */
function revalidation(ifNoneMatch: string): Request {
  return new Request(getRequest("/pledges/map.svg").url, { headers: { "If-None-Match": ifNoneMatch } });
}

test("serves the world as an SVG image that browsers may keep and revalidate", async () => {
  const response = await callRoute(mapRoute.loader, getRequest("/pledges/map.svg"));
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
  expect(response.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
  expect(response.headers.get("ETag")).toMatch(/^"[\w-]+"$/);
  const body = await response.text();
  expect(XMLValidator.validate(body)).toBe(true);
  expect(body).toContain(`viewBox="${worldViewBox()}"`);
});

test("answers 304 without a body when the browser's copy is current, strong or weak, alone or in a list", async () => {
  const first = await callRoute(mapRoute.loader, getRequest("/pledges/map.svg"));
  const etag = first.headers.get("ETag") ?? "";
  for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
    const again = await callRoute(mapRoute.loader, revalidation(ifNoneMatch));
    expect(again.status, ifNoneMatch).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(await again.text()).toBe("");
  }
  const stale = await callRoute(mapRoute.loader, revalidation('"an-older-map"'));
  expect(stale.status).toBe(200);
});
