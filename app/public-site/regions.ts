// The region of a country, after the UN geoscheme as the world-countries package gives it, for the
// pledge list's region filter. Server-only in practice: the package's table is large, so pages take
// the list of regions from pledge-filters.ts and ask for a country's region in their loader.
import worldCountries from "world-countries";
import { REGIONS, type Region } from "./pledge-filters";

// Kosovo has no UN-assigned code and is missing from some tables; where it is, it is in Europe.
const EXPLICIT: Record<string, Region> = { XK: "Europe" };

function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value);
}

let byCode: Map<string, Region> | undefined;

function table(): Map<string, Region> {
  if (!byCode) {
    byCode = new Map();
    for (const country of worldCountries) if (isRegion(country.region)) byCode.set(country.cca2, country.region);
    for (const [code, region] of Object.entries(EXPLICIT)) byCode.set(code, region);
  }
  return byCode;
}

/** The region of an alpha-2 code, or null for a code without one (Antarctica, an unknown code). */
export function regionOf(code: string): Region | null {
  return table().get(code) ?? null;
}
