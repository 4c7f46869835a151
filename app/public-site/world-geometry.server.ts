// The world map's geometry, computed once per process on the server and never sent to the browser as
// data it does not need. Natural Earth's 1:110m countries (world-atlas, TopoJSON keyed by ISO 3166-1
// numeric codes) are projected with Equal Earth, an equal-area projection, so that no country looks
// larger than it is, onto a fixed viewBox, and their paths are written with one decimal.
//
// How the page uses it (see pledge-map.tsx): the neutral world is one static image, `/pledges/map.svg`
// (baseMapSvg(), cacheable for everyone), and only the pledged countries' paths travel with the page
// (mapGeometryFor(codes)), drawn over it as links. So the page carries a few kilobytes of paths rather
// than the whole world twice (once as markup, once in Remix's hydration data).
import { createRequire } from "node:module";
import countries from "i18n-iso-countries";
import { geoEqualEarth, geoPath, type GeoPermissibleObjects } from "d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { CountryPath, MapShapes } from "./map-countries";

// The packages ship their data as JSON: `require` loads it the same way under Node's ESM loader and the
// test runner (as app/models/countries.server.ts does).
const require = createRequire(import.meta.url);


const WIDTH = 1000;
/** Radius, in viewBox units, of the dot standing for a country the 1:110m data leaves out (Malta, Singapore…). */
const DOT_RADIUS = 4;
/** Antarctica is no state and would take a sixth of the map's height. */
const LEFT_OUT = new Set(["010"]);
/**
 * Features of the 1:110m data that have no ISO numeric code, by their Natural Earth name. Kosovo has
 * no numeric code in ISO 3166-1 but is drawn at this scale; XK is the code Accord uses for it
 * (app/models/countries.server.ts). Northern Cyprus and Somaliland stay unnamed shapes: no state of ours.
 */
const CODES_BY_NAME: Readonly<Record<string, string>> = { Kosovo: "XK" };

interface World {
  width: number;
  height: number;
  /** Every drawn shape; `code` is null for territories no state of ours claims alone. */
  shapes: { code: string | null; d: string }[];
  /** The path of each coded country. */
  byCode: Map<string, string>;
  /** Projects [longitude, latitude] onto the viewBox. */
  project: (point: [number, number]) => [number, number] | null;
}

let world: World | null = null;

function alpha2(id: string | number | undefined, name: string | undefined): string | null {
  if (id !== undefined) return countries.numericToAlpha2(String(id)) ?? null;
  return name === undefined ? null : (CODES_BY_NAME[name] ?? null);
}

function loadWorld(): World {
  const topology = require("world-atlas/countries-110m.json") as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries);
  const kept = collection.features.filter((country) => !LEFT_OUT.has(String(country.id)));
  const projection = geoEqualEarth().fitWidth(WIDTH, { type: "FeatureCollection", features: kept });
  const path = geoPath(projection).digits(1);
  // fitWidth puts the top of the world at y = 0: its bottom is the map's height.
  const [, [, bottom]] = path.bounds({ type: "FeatureCollection", features: kept });
  const height = Math.ceil(bottom);
  const shapes = kept
    .map((country) => ({ code: alpha2(country.id, country.properties?.name), d: path(country as GeoPermissibleObjects) ?? "" }))
    .filter((shape) => shape.d !== "");
  const byCode = new Map(shapes.flatMap((shape) => (shape.code === null ? [] : [[shape.code, shape.d] as const])));
  return { width: WIDTH, height, shapes, byCode, project: (point) => projection(point) };
}

function theWorld(): World {
  world ??= loadWorld();
  return world;
}

/** The viewBox every path of the map is drawn in. */
export function worldViewBox(): string {
  const { width, height } = theWorld();
  return `0 0 ${width} ${height}`;
}

/** Every country drawn at 1:110m that has an ISO alpha-2 code (XK included), computed once per process. */
export function worldPaths(): CountryPath[] {
  return theWorld().shapes.filter((shape): shape is CountryPath => shape.code !== null);
}

let centres: Map<string, [number, number]> | null = null;

/** A country's centre as world-countries gives it, [longitude, latitude]. */
function centreOf(code: string): [number, number] | null {
  if (!centres) {
    const all = require("world-countries/countries.json") as { cca2: string; latlng: [number, number] }[];
    centres = new Map(all.map((country) => [country.cca2, [country.latlng[1], country.latlng[0]]]));
  }
  return centres.get(code) ?? null;
}

function dot([x, y]: [number, number]): string {
  const r = DOT_RADIUS;
  return `M${(x - r).toFixed(1)},${y.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
}

/**
 * The viewBox and the paths of `codes` (each once, in the order given): the country's shape, or a dot at
 * its centre when the 1:110m data has no shape for it (Malta, Singapore…); a code with neither is left out.
 */
export function mapGeometryFor(codes: Iterable<string>): MapShapes {
  const { width, height, byCode, project } = theWorld();
  const shapes: CountryPath[] = [];
  for (const code of new Set(codes)) {
    const drawn = byCode.get(code);
    const centre = drawn === undefined ? centreOf(code) : null;
    const projected = centre ? project(centre) : null;
    const d = drawn ?? (projected ? dot(projected) : null);
    if (d !== null) shapes.push({ code, d });
  }
  return { viewBox: worldViewBox(), width, height, shapes };
}

let baseMap: string | null = null;

/**
 * The neutral world, every shape in one path, as a standalone SVG document: the image the page's map
 * draws its pledged countries over. It holds no text and no links (an image shows no links), so it is
 * the same in every language and for every filter.
 */
export function baseMapSvg(): string {
  if (baseMap === null) {
    const { width, height, shapes } = theWorld();
    baseMap =
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
      `<path fill="#dfe3e8" stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round" d="${shapes.map((shape) => shape.d).join("")}"/>` +
      `</svg>\n`;
  }
  return baseMap;
}
