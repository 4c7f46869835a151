// The world map of pledges: an inline SVG rendered on the server, complete without JavaScript.
//
// Why it is built this way. Remix sends every loader's data a second time, as JSON, for hydration, so
// whatever geometry the component draws travels twice. The whole world at 1:110m is about 108 KB of
// paths (38 KB gzipped): twice per page view is too much. So the neutral world is one static image,
// `/pledges/map.svg` (app/routes/pledges.map[.]svg.ts, the same for every language and filter, cached
// by the browser), drawn as an `<image>` at the back of the SVG; only the pledged states' paths come
// from the loader (mapGeometryFor in world-geometry.server.ts, about 25 KB, 10 KB gzipped, for the
// demo's 25 states), each a link in the page's own SVG. An `<object>` or `<iframe>` of an SVG with its
// links was ruled out: the site's Content-Security-Policy forbids both (`object-src 'none'`,
// `frame-ancestors 'none'`), links inside a frame navigate the frame, and assistive technology reads a
// frame as a separate document. Inline, each country is a focusable link named by its `<title>`, in the
// page's tab order, and the page's stylesheet (no inline styles: the policy forbids them) gives the
// categories their fills, patterns and outlines.
import { useId } from "react";
import { MAP_CATEGORIES, mapCountries, type MapCategory, type MapCountry, type MapShapes } from "./map-countries";
import type { MapPledge } from "./pledge-filters";

/** Every word the map shows, in the page's language: the page fills it from its messages. */
export interface PledgeMapLabels {
  /** The SVG's title, e.g. "World map of the states that pledged". */
  title: string;
  /** The SVG's description, e.g. "Each state that pledged is shaded by its pledge and links to its page." */
  description: string;
  /** The legend's heading, e.g. "Legend". */
  legend: string;
  /** A category's name in the legend and the list: "Subscribes", "Endorses", "Withdrew". */
  categories: Record<MapCategory, string>;
  /** A country's accessible name on the map: ("Norway", "30 March 2023") → "Norway: subscribes since 30 March 2023". */
  countryStatus: Record<MapCategory, (state: string, date: string) => string>;
  /** The summary of the collapsed text alternative, e.g. "The map as a list". */
  listSummary: string;
  /** What the list says of a category without any state, e.g. "None". */
  none: string;
}

export interface PledgeMapProps {
  /** The pledges the page lists (after its filters): the map shows the same states. */
  pledges: readonly MapPledge[];
  /** The pledged states' outlines and the viewBox, from `mapGeometryFor` in the page's loader. */
  geometry: MapShapes;
  /** The address of a state's page in the page's language, e.g. (code) => localizedPath(lang, `/states/${code}`). */
  hrefFor: (code: string) => string;
  /** A calendar date `YYYY-MM-DD` in the page's language (useT().date). */
  formatDate: (iso: string) => string;
  /** The page's language, for sorting names. */
  lang: string;
  labels: PledgeMapLabels;
  /** The neutral world drawn behind the pledged states. */
  baseMapHref?: string;
}

export const BASE_MAP_HREF = "/pledges/map.svg";

/** The legend's sample of a category, drawn with the same classes as the map. */
function Swatch({ category, patternId }: { category: MapCategory; patternId: string }) {
  return (
    <svg className="pledge-map__swatch" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
      <rect
        className={`pledge-map__shape pledge-map__shape--${category}`}
        x="1"
        y="1"
        width="22"
        height="14"
        fill={category === "endorsement" ? `url(#${patternId})` : undefined}
      />
    </svg>
  );
}

type ListProps = Pick<PledgeMapProps, "labels" | "hrefFor" | "formatDate"> & { countries: MapCountry[]; category: MapCategory };

/** One category of the text alternative: its name and count, then its states, each a link followed by the date of its category. */
function CountryList({ countries, category, labels, hrefFor, formatDate }: ListProps) {
  const own = countries.filter((country) => country.category === category);
  return (
    <>
      <dt>
        {labels.categories[category]} ({own.length})
      </dt>
      <dd>
        {own.length === 0 ? (
          labels.none
        ) : (
          <ul className="pledge-map__list">
            {own.map((country) => (
              <li key={country.code}>
                <a href={hrefFor(country.code)}>{country.name}</a>, <time dateTime={country.since}>{formatDate(country.since)}</time>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}

export function PledgeMap({ pledges, geometry, hrefFor, formatDate, lang, labels, baseMapHref = BASE_MAP_HREF }: PledgeMapProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const patternId = `${id}-hatch`;
  const countries = mapCountries(pledges, lang);
  const byCode = new Map(countries.map((country) => [country.code, country]));

  return (
    <div className="pledge-map">
      <svg className="pledge-map__svg" viewBox={geometry.viewBox} role="group" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{labels.title}</title>
        <desc id={descId}>{labels.description}</desc>
        <defs>
          <pattern id={patternId} className="pledge-map__hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect className="pledge-map__hatch-ground" width="6" height="6" />
            <line className="pledge-map__hatch-line" x1="0" y1="0" x2="0" y2="6" />
          </pattern>
        </defs>
        <g aria-hidden="true">
          <image href={baseMapHref} x="0" y="0" width={geometry.width} height={geometry.height} />
        </g>
        {geometry.shapes.map((shape) => {
          const country = byCode.get(shape.code);
          if (!country) return null;
          const name = labels.countryStatus[country.category](country.name, formatDate(country.since));
          return (
            <a key={shape.code} href={hrefFor(shape.code)} className="pledge-map__country" aria-label={name}>
              <title>{name}</title>
              <path
                className={`pledge-map__shape pledge-map__shape--${country.category}`}
                d={shape.d}
                fill={country.category === "endorsement" ? `url(#${patternId})` : undefined}
              />
            </a>
          );
        })}
      </svg>
      <p className="pledge-map__legend-heading" id={`${id}-legend`}>
        {labels.legend}
      </p>
      <ul className="pledge-map__legend" aria-labelledby={`${id}-legend`}>
        {MAP_CATEGORIES.map((category) => (
          <li key={category}>
            <Swatch category={category} patternId={patternId} />
            {labels.categories[category]} ({countries.filter((country) => country.category === category).length})
          </li>
        ))}
      </ul>
      <details className="pledge-map__alternative">
        <summary>{labels.listSummary}</summary>
        <dl>
          {MAP_CATEGORIES.map((category) => (
            <CountryList key={category} countries={countries} category={category} labels={labels} hrefFor={hrefFor} formatDate={formatDate} />
          ))}
        </dl>
      </details>
    </div>
  );
}
