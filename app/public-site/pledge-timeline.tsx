// The timeline of pledges: how many subscriptions and endorsements were in force, day by day, as a
// step line per kind (a count changes on the day a pledge takes effect or is withdrawn, and holds
// until the next change), drawn as an SVG on the server, with the same figures as a table. Lines
// differ by dash as well as colour and are labelled at their ends, so colour never carries meaning alone.
import { useId } from "react";
import type { MapPledge } from "./pledge-filters";
import { timelineSeries, type TimelinePoint } from "./timeline-series";

type SeriesKind = "subscription" | "endorsement";
const SERIES: readonly SeriesKind[] = ["subscription", "endorsement"];

/** Every word the timeline shows, in the page's language: the page fills it from its messages. */
export interface PledgeTimelineLabels {
  /** The chart's title, e.g. "Pledges in force over time". */
  title: string;
  /** The chart's description, e.g. "A step line per kind of pledge: subscriptions, solid; endorsements, dashed." */
  description: string;
  /** A line's name at its end, e.g. "Subscriptions", "Endorsements". */
  series: Record<SeriesKind, string>;
  /** The vertical axis, e.g. "Pledges in force". */
  yAxis: string;
  /** The summary of the collapsed table, e.g. "The chart as a table". */
  tableSummary: string;
  /** The table's caption, e.g. "Pledges by date". */
  tableCaption: string;
  columns: { date: string; newSubscriptions: string; newEndorsements: string; withdrawals: string; totalActive: string };
  /** Shown instead of the chart when there is no pledge, e.g. "No pledge to show." */
  empty: string;
}

export interface PledgeTimelineProps {
  /** The pledges the page lists (after its filters). */
  pledges: readonly MapPledge[];
  /** The date the chart runs to, `YYYY-MM-DD` (today, from the loader, so that server and browser draw the same). */
  asOf: string;
  /** A calendar date in the page's language (useT().date). */
  formatDate: (iso: string) => string;
  labels: PledgeTimelineLabels;
}

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 150, bottom: 48, left: 48 };
const PLOT = { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };
/** The least room, in viewBox units, between two labelled dates on the axis (a long date is about 90). */
const TICK_ROOM = 110;
/** The least vertical room between the two lines' end labels. */
const LABEL_ROOM = 16;
const DAY_MS = 86_400_000;

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const round = (value: number) => Math.round(value * 10) / 10;

/** A step of 1, 2 or 5 times a power of ten giving at most five intervals up to `max`. */
function niceStep(max: number): number {
  for (let power = 1; ; power *= 10) {
    for (const step of [1, 2, 5].map((unit) => unit * power)) if (max / step <= 5) return step;
  }
}

interface Scales {
  x: (iso: string) => number;
  y: (count: number) => number;
  yTicks: number[];
  start: number;
  end: string;
}

function scales(points: TimelinePoint[], asOf: string): Scales {
  const first = points[0]?.date ?? asOf;
  const last = points.at(-1)?.date ?? asOf;
  const end = asOf > last ? asOf : last;
  const span = Math.max(dayOf(end) - dayOf(first), 1);
  // Start a little before the first date, so that the first step is seen rising from zero.
  const start = dayOf(first) - Math.max(span * 0.04, 1);
  const x = (iso: string) => round(PLOT.left + ((dayOf(iso) - start) / (dayOf(end) - start)) * (PLOT.right - PLOT.left));
  const max = Math.max(1, ...points.map((point) => Math.max(point.activeSubscriptions, point.activeEndorsements)));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (count: number) => round(PLOT.bottom - (count / top) * (PLOT.bottom - PLOT.top));
  const yTicks = Array.from({ length: top / step + 1 }, (_, index) => index * step);
  return { x, y, yTicks, start, end };
}

/** The first date, the last, and each 1 January between them that leaves room for its label. */
function dateTicks(first: string, end: string, x: (iso: string) => number): { date: string; year: boolean }[] {
  const ticks = [{ date: first, year: false }];
  for (let year = Number(first.slice(0, 4)) + 1; `${year}-01-01` < end; year += 1) {
    const date = `${year}-01-01`;
    const previous = ticks.at(-1);
    if (previous && x(date) - x(previous.date) >= TICK_ROOM && x(end) - x(date) >= TICK_ROOM) ticks.push({ date, year: true });
  }
  if (end !== first) ticks.push({ date: end, year: false });
  return ticks;
}

function stepPath(points: TimelinePoint[], kind: SeriesKind, { x, y, end }: Scales): string {
  const count = (point: TimelinePoint) => (kind === "subscription" ? point.activeSubscriptions : point.activeEndorsements);
  const steps = points.map((point) => `H${x(point.date)}V${y(count(point))}`).join("");
  return `M${PLOT.left},${y(0)}${steps}H${x(end)}`;
}

/** The end labels' heights: at their lines, moved apart when the lines end too close together. */
function labelHeights(values: Record<SeriesKind, number>, y: (count: number) => number): Record<SeriesKind, number> {
  const subscription = y(values.subscription);
  let endorsement = y(values.endorsement);
  if (Math.abs(subscription - endorsement) < LABEL_ROOM) endorsement = subscription + (values.endorsement > values.subscription ? -LABEL_ROOM : LABEL_ROOM);
  return { subscription, endorsement };
}

function Chart({ points, asOf, formatDate, labels }: { points: TimelinePoint[] } & Omit<PledgeTimelineProps, "pledges">) {
  const id = useId();
  const scale = scales(points, asOf);
  const latest = points.at(-1);
  const finals = { subscription: latest?.activeSubscriptions ?? 0, endorsement: latest?.activeEndorsements ?? 0 };
  const heights = labelHeights(finals, scale.y);
  const first = points[0]?.date ?? asOf;
  return (
    <svg className="pledge-timeline__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{labels.title}</title>
      <desc id={`${id}-desc`}>{labels.description}</desc>
      <g className="pledge-timeline__grid">
        {scale.yTicks.map((tick) => (
          <g key={tick}>
            <line x1={PLOT.left} x2={PLOT.right} y1={scale.y(tick)} y2={scale.y(tick)} />
            <text className="pledge-timeline__tick" x={PLOT.left - 6} y={scale.y(tick) + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
      </g>
      <text className="pledge-timeline__axis-label" x={PLOT.left} y={PLOT.top - 4}>
        {labels.yAxis}
      </text>
      <g className="pledge-timeline__x-axis">
        <line className="pledge-timeline__axis" x1={PLOT.left} x2={PLOT.right} y1={PLOT.bottom} y2={PLOT.bottom} />
        {dateTicks(first, scale.end, scale.x).map(({ date, year }) => (
          <g key={date}>
            <line className="pledge-timeline__axis" x1={scale.x(date)} x2={scale.x(date)} y1={PLOT.bottom} y2={PLOT.bottom + 5} />
            <text className="pledge-timeline__tick" x={scale.x(date)} y={PLOT.bottom + 20} textAnchor="middle">
              {year ? date.slice(0, 4) : formatDate(date)}
            </text>
          </g>
        ))}
      </g>
      {SERIES.map((kind) => (
        <g key={kind}>
          <path className={`pledge-timeline__line pledge-timeline__line--${kind}`} d={stepPath(points, kind, scale)} />
          <text className={`pledge-timeline__label pledge-timeline__label--${kind}`} x={scale.x(scale.end) + 8} y={heights[kind] + 4}>
            {labels.series[kind]}: {finals[kind]}
          </text>
        </g>
      ))}
    </svg>
  );
}

function Table({ points, formatDate, labels }: { points: TimelinePoint[]; formatDate: (iso: string) => string; labels: PledgeTimelineLabels }) {
  const { columns } = labels;
  const captionId = useId();
  return (
    <details className="pledge-timeline__alternative">
      <summary>{labels.tableSummary}</summary>
      {/* Five columns do not fit a phone: the table scrolls sideways in a region keyboards can reach. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="pledge-timeline__table">
          <caption id={captionId}>{labels.tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{columns.date}</th>
              <th scope="col">{columns.newSubscriptions}</th>
              <th scope="col">{columns.newEndorsements}</th>
              <th scope="col">{columns.withdrawals}</th>
              <th scope="col">{columns.totalActive}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.date}>
                <th scope="row">
                  <time dateTime={point.date}>{formatDate(point.date)}</time>
                </th>
                <td>{point.newSubscriptions}</td>
                <td>{point.newEndorsements}</td>
                <td>{point.withdrawals}</td>
                <td>{point.totalActive}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function PledgeTimeline({ pledges, asOf, formatDate, labels }: PledgeTimelineProps) {
  const points = timelineSeries(pledges);
  if (points.length === 0) return <p className="pledge-timeline pledge-timeline--empty">{labels.empty}</p>;
  return (
    <div className="pledge-timeline">
      <Chart points={points} asOf={asOf} formatDate={formatDate} labels={labels} />
      <Table points={points} formatDate={formatDate} labels={labels} />
    </div>
  );
}
