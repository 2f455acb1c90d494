import { DEFAULT_SKETCH_ALPHA, mergeAllSketches, type Sketch, sketchQuantile } from '../common/ddsketch';
import {
  MAX_SERIES_BUCKETS,
  SERIES_BUCKETS,
  type SeriesBucket,
  type TimeSeriesPoint,
} from '../contract/time-series';
import { bucketStart, expiredBefore, SERIES_WIDTHS_MS, type SeriesRow } from './time-series';

const DAY_MS = 86_400_000;

/** The rows a reader needs: `widthMs` rows starting in [sinceMs, untilMs), merged into `bucketMs`. */
export interface SeriesWindow {
  bucket: SeriesBucket;
  bucketMs: number;
  widthMs: number;
  sinceMs: number;
  untilMs: number;
}

export type WindowResult =
  | { ok: true; window: SeriesWindow }
  | { ok: false; field: 'since' | 'until'; message: string };

/** Minute rows for buckets under an hour, hour rows from an hour up. */
export function sourceWidth(bucketMs: number): number {
  return bucketMs < SERIES_WIDTHS_MS.hour ? SERIES_WIDTHS_MS.minute : SERIES_WIDTHS_MS.hour;
}

/** The window a query asks for, with its defaults; a window out of bounds names the field at fault. */
export function seriesWindow(
  query: { bucket: SeriesBucket; sinceMs?: number; untilMs?: number },
  nowMs: number,
): WindowResult {
  const bucketMs = SERIES_BUCKETS[query.bucket];
  const untilMs = query.untilMs ?? nowMs;
  const span = query.bucket === '1d' ? 30 * DAY_MS : DAY_MS;
  const sinceMs = bucketStart(query.sinceMs ?? untilMs - span, bucketMs);
  if (sinceMs >= untilMs) return { ok: false, field: 'since', message: 'must lie before until' };
  if ((untilMs - sinceMs) / bucketMs > MAX_SERIES_BUCKETS)
    return {
      ok: false,
      field: 'since',
      message: `spans more than ${MAX_SERIES_BUCKETS} buckets of ${query.bucket}: choose a wider bucket or a later since`,
    };
  const window = { bucket: query.bucket, bucketMs, widthMs: sourceWidth(bucketMs), sinceMs, untilMs };
  return { ok: true, window };
}

/** From when rows of the window's resolution are still kept. */
export function keptSinceMs(window: SeriesWindow, nowMs: number): number {
  return expiredBefore(window.widthMs, nowMs);
}

interface Group {
  start: number;
  rows: SeriesRow[];
}

/** The stored rows merged into the window's buckets: one point per bucket and arm with any row. */
export function timeSeriesPoints(rows: readonly SeriesRow[], window: SeriesWindow): TimeSeriesPoint[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    if (row.widthMs !== window.widthMs || row.startMs < window.sinceMs || row.startMs >= window.untilMs)
      continue;
    const start = bucketStart(row.startMs, window.bucketMs);
    const key = `${start}\u0000${row.armId}`;
    const group = groups.get(key) ?? { start, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => pointOf(g.start, g.rows))
    .sort((a, b) => a.start.localeCompare(b.start) || (a.armId < b.armId ? -1 : a.armId > b.armId ? 1 : 0));
}

function pointOf(startMs: number, rows: SeriesRow[]): TimeSeriesPoint {
  const sum = (pick: (r: SeriesRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const rewards = sum((r) => r.rewards);
  const rewardSum = sum((r) => r.rewardSum);
  const propensities = rows.map((r) => r.minPropensity).filter((p): p is number => p !== null);
  const sketches = rows.map((r) => r.latency).filter((s): s is Sketch => s !== null);
  return {
    start: new Date(startMs).toISOString(),
    armId: rows[0]!.armId,
    decisions: sum((r) => r.decisions),
    outcomes: sum((r) => r.outcomes),
    rewards,
    rewardSum,
    rewardMean: rewards > 0 ? rewardSum / rewards : null,
    costUsd: sum((r) => r.costUsd),
    latencyMs: latencyOf(sketches),
    minPropensity: propensities.length > 0 ? Math.min(...propensities) : null,
  };
}

function latencyOf(sketches: Sketch[]): TimeSeriesPoint['latencyMs'] {
  if (sketches.length === 0) return null;
  const merged = mergeAllSketches(sketches, sketches[0]?.alpha ?? DEFAULT_SKETCH_ALPHA);
  if (merged.count === 0) return null;
  const q = (p: number) => sketchQuantile(merged, p);
  return { count: merged.count, p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}
