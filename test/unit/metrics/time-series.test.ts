import { describe, expect, it } from 'vitest';
import { randomInt, seededRng } from '../../../src/common/seeded-rng';
import { MAX_SERIES_BUCKETS, SERIES_BUCKETS, type SeriesBucket } from '../../../src/contract/time-series';
import {
  applyDelta,
  decisionDelta,
  emptyRow,
  expiredBefore,
  type OutcomeSnapshot,
  outcomeDelta,
  rowKeysOf,
  type SeriesDelta,
  type SeriesRow,
} from '../../../src/metrics/time-series';
import { seriesWindow, timeSeriesPoints } from '../../../src/metrics/time-series-view';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1);

/** What TimeSeriesTable does, in memory: every delta into its row at every width. */
function store(deltas: SeriesDelta[]): SeriesRow[] {
  const rows = new Map<string, SeriesRow>();
  for (const delta of deltas)
    for (const { widthMs, startMs } of rowKeysOf(delta)) {
      const key = `${widthMs}/${startMs}/${delta.armId}`;
      rows.set(key, applyDelta(rows.get(key) ?? emptyRow(widthMs, startMs, delta.armId), delta));
    }
  return [...rows.values()];
}

const snapshot = (over: Partial<OutcomeSnapshot> = {}): OutcomeSnapshot => ({
  armId: 'a',
  issuedAtMs: T0,
  outcome: {},
  reward: null,
  ...over,
});

describe('outcomeDelta counts each quantity once per decision, when it first appears', () => {
  it('counts the first part as an outcome and its latency, not a reward still unknown', () => {
    const d = outcomeDelta(snapshot(), snapshot({ outcome: { latencyMs: 120 } }));
    expect(d).toMatchObject({ decisions: 0, outcomes: 1, rewards: 0, latencyMs: 120, costUsd: 0 });
  });

  it('counts the reward and the cost of a later part, but not the outcome again', () => {
    const before = snapshot({ outcome: { latencyMs: 120 } });
    const after = snapshot({ outcome: { latencyMs: 120, quality: 0.8, costUsd: 0.002 }, reward: 0.75 });
    expect(outcomeDelta(before, after)).toMatchObject({
      outcomes: 0,
      rewards: 1,
      rewardSum: 0.75,
      costUsd: 0.002,
      latencyMs: null,
    });
  });

  it('counts the reward the wait scored with defaults (outcome unchanged)', () => {
    const before = snapshot({ outcome: { latencyMs: 10 } });
    expect(outcomeDelta(before, { ...before, reward: 0.4 })).toMatchObject({
      outcomes: 0,
      rewards: 1,
      rewardSum: 0.4,
    });
  });

  it('adds nothing for a change that brings nothing the series counts', () => {
    const before = snapshot({ outcome: { latencyMs: 10 }, reward: 0.5 });
    expect(outcomeDelta(before, { ...before, outcome: { latencyMs: 10, promptTokens: 5 } })).toBeNull();
  });
});

describe('the stored rows', () => {
  it('keep decisions and the smallest propensity per arm and bucket at minute and hour widths', () => {
    const rows = store([decisionDelta('a', T0 + 5_000, 0.4), decisionDelta('a', T0 + 70_000, 0.1)]);
    const minute = rows.filter((r) => r.widthMs === 60_000).map((r) => [r.startMs - T0, r.decisions]);
    expect(minute).toEqual([
      [0, 1],
      [60_000, 1],
    ]);
    const hour = rows.find((r) => r.widthMs === HOUR)!;
    expect(hour).toMatchObject({ startMs: T0, decisions: 2, minPropensity: 0.1 });
  });

  it('drop minute rows after 48 h and hour rows after 30 days', () => {
    const now = T0 + 100 * 24 * HOUR + 123;
    expect(now - expiredBefore(60_000, now)).toBeGreaterThanOrEqual(48 * HOUR);
    expect(now - expiredBefore(60_000, now)).toBeLessThan(48 * HOUR + 60_000);
    expect(now - expiredBefore(HOUR, now)).toBeGreaterThanOrEqual(30 * 24 * HOUR);
    expect(() => expiredBefore(1234, now)).toThrow(RangeError);
  });
});

describe('timeSeriesPoints merges rows into buckets as a direct count of the events would', () => {
  // Independent check: the same events counted straight from the list, with exact quantiles.
  const rng = seededRng('time-series');
  const events: {
    armId: string;
    atMs: number;
    propensity: number;
    latencyMs: number;
    reward: number | null;
  }[] = [];
  for (let i = 0; i < 3000; i += 1)
    events.push({
      armId: ['a', 'b', 'c'][randomInt(rng, 3)]!,
      atMs: T0 + Math.floor(rng() * 6 * HOUR),
      propensity: 0.05 + 0.9 * rng(),
      latencyMs: Math.round(50 + 2000 * rng() ** 3),
      reward: rng() < 0.2 ? null : Math.round(rng() * 1000) / 1000,
    });
  const deltas = events.flatMap((e) => {
    const issued = snapshot({ armId: e.armId, issuedAtMs: e.atMs });
    const part = { ...issued, outcome: { latencyMs: e.latencyMs }, reward: e.reward };
    return [decisionDelta(e.armId, e.atMs, e.propensity), outcomeDelta(issued, part)!];
  });
  const rows = store(deltas);

  for (const bucket of ['5m', '1h', '1d'] as SeriesBucket[]) {
    it(`at ${bucket}`, () => {
      const window = seriesWindow({ bucket, sinceMs: T0, untilMs: T0 + 6 * HOUR }, T0 + 7 * HOUR);
      if (!window.ok) throw new Error(window.message);
      const points = timeSeriesPoints(rows, window.window);
      const bucketMs = SERIES_BUCKETS[bucket];
      expect(points.reduce((n, p) => n + p.decisions, 0)).toBe(events.length);
      for (const p of points) {
        const start = Date.parse(p.start);
        const mine = events.filter(
          (e) => e.armId === p.armId && e.atMs >= start && e.atMs < start + bucketMs,
        );
        const rewarded = mine.filter((e) => e.reward !== null);
        expect(p.decisions).toBe(mine.length);
        expect(p.outcomes).toBe(mine.length);
        expect(p.rewards).toBe(rewarded.length);
        expect(p.rewardSum).toBeCloseTo(
          rewarded.reduce((s, e) => s + e.reward!, 0),
          9,
        );
        expect(p.minPropensity).toBe(Math.min(...mine.map((e) => e.propensity)));
        const sorted = mine.map((e) => e.latencyMs).sort((x, y) => x - y);
        for (const [q, field] of [
          [0.5, 'p50'],
          [0.95, 'p95'],
          [0.99, 'p99'],
        ] as const) {
          const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
          // DDSketch's guarantee at α = 1 %: relative error ≤ α at the same rank.
          expect(Math.abs(p.latencyMs![field] - exact) / exact).toBeLessThanOrEqual(0.01 + 1e-12);
        }
      }
    });
  }

  it('leaves out rows outside the window and rows of the other width', () => {
    const window = seriesWindow({ bucket: '1h', sinceMs: T0 + HOUR, untilMs: T0 + 2 * HOUR }, T0 + 7 * HOUR);
    if (!window.ok) throw new Error(window.message);
    const points = timeSeriesPoints(rows, window.window);
    expect(new Set(points.map((p) => p.start))).toEqual(new Set([new Date(T0 + HOUR).toISOString()]));
    const inHour = events.filter((e) => e.atMs >= T0 + HOUR && e.atMs < T0 + 2 * HOUR).length;
    expect(points.reduce((n, p) => n + p.decisions, 0)).toBe(inHour);
  });
});

describe('seriesWindow', () => {
  const now = T0 + 10 * HOUR + 1234;

  it('defaults to the last 24 h (30 days for daily buckets), since rounded down to the bucket', () => {
    const w = seriesWindow({ bucket: '1h' }, now);
    expect(w).toMatchObject({ ok: true, window: { untilMs: now, sinceMs: T0 - 14 * HOUR, widthMs: HOUR } });
    const d = seriesWindow({ bucket: '1d' }, now);
    expect(d.ok && now - d.window.sinceMs).toBeGreaterThanOrEqual(30 * 24 * HOUR);
    const m = seriesWindow({ bucket: '5m' }, now);
    expect(m.ok && m.window.widthMs).toBe(60_000);
  });

  it('names since when it is not before until, or when the window has too many buckets', () => {
    expect(seriesWindow({ bucket: '1h', sinceMs: now, untilMs: now - HOUR }, now)).toMatchObject({
      ok: false,
      field: 'since',
    });
    const tooLong = now - (MAX_SERIES_BUCKETS + 1) * 60_000;
    expect(seriesWindow({ bucket: '1m', sinceMs: tooLong }, now)).toMatchObject({
      ok: false,
      field: 'since',
    });
    expect(seriesWindow({ bucket: '1m', sinceMs: now - MAX_SERIES_BUCKETS * 60_000 + 60_000 }, now).ok).toBe(
      true,
    );
  });
});
