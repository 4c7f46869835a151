// The map's geometry: every country of the demo has a shape, the paths are well formed, and the base
// image is an SVG document of the same viewBox.
import { XMLValidator } from "fast-xml-parser";
import { expect, test } from "vitest";
import { DEMO_SUBSCRIBERS } from "../../db/seed/demo-scenario";
import { baseMapSvg, mapGeometryFor, worldPaths, worldViewBox } from "./world-geometry.server";

// Absolute and relative moves, lines and arcs with numbers, ending each ring: what geoPath and the dots write.
const PATH_DATA = /^(?:[MLHVAZmlhvaz](?:-?\d+(?:\.\d+)?[ ,]?)*)+$/;

test("every country of the demo has a shape, Kosovo included", () => {
  const codes = new Set(worldPaths().map((shape) => shape.code));
  expect(DEMO_SUBSCRIBERS.filter((code) => !codes.has(code))).toEqual([]);
  expect(codes.has("XK")).toBe(true);
});

test("every path is non-empty, parses as path data, starts with a move and closes its rings", () => {
  const paths = worldPaths();
  expect(paths.length).toBeGreaterThan(150);
  for (const { code, d } of paths) {
    expect(code).toMatch(/^[A-Z]{2}$/);
    expect(d, code).toMatch(PATH_DATA);
    expect(d.startsWith("M"), code).toBe(true);
    expect(d.endsWith("Z"), code).toBe(true);
  }
  expect(new Set(paths.map((shape) => shape.code)).size).toBe(paths.length);
});

test("the coordinates are rounded to one decimal and lie inside the viewBox", () => {
  const [, , width, height] = worldViewBox().split(" ").map(Number);
  for (const { code, d } of worldPaths()) {
    expect(d, code).not.toMatch(/\.\d{2}/);
    const points = d.split(/[MLZ]/).filter(Boolean).map((pair) => pair.split(",").map(Number));
    for (const [x = NaN, y = NaN] of points) {
      expect(x >= 0 && x <= (width ?? 0) + 0.1 && y >= -0.1 && y <= (height ?? 0) + 0.1, `${code} ${x},${y}`).toBe(true);
    }
  }
});

test("the pledged states' geometry: shapes in the order asked, a dot for a state too small for the scale, nothing for an unknown code", () => {
  const geometry = mapGeometryFor(["NO", "MT", "JP", "NO", "ZZ"]);
  expect(geometry.viewBox).toBe(worldViewBox());
  expect(geometry.viewBox).toBe(`0 0 ${geometry.width} ${geometry.height}`);
  expect(geometry.shapes.map((shape) => shape.code)).toEqual(["NO", "MT", "JP"]);
  const byCode = new Map(worldPaths().map((shape) => [shape.code, shape.d]));
  expect(geometry.shapes[0]?.d).toBe(byCode.get("NO"));
  expect(byCode.has("MT")).toBe(false);
  expect(geometry.shapes[1]?.d).toMatch(/^M[\d.]+,[\d.]+a4,4 0 1,0 8,0a4,4 0 1,0 -8,0Z$/);
});

test("the base map is a well-formed SVG document with every shape and no text", () => {
  const svg = baseMapSvg();
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).toContain(`viewBox="${worldViewBox()}"`);
  expect(svg).not.toMatch(/<(text|title|a)\b/);
  for (const { d } of worldPaths().slice(0, 20)) expect(svg).toContain(d);
});
