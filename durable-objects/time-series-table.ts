import { type SketchJson, sketchFromJson, sketchToJson } from '../src/common/sketch-json';
import {
  applyDelta,
  emptyRow,
  expiredBefore,
  rowKeysOf,
  SERIES_WIDTHS_MS,
  type SeriesDelta,
  type SeriesRow,
} from '../src/metrics/time-series';

/**
 * Rows per (width, bucket start, arm): the dashboard's time series, so it never downloads the
 * decision log. Made by migrate() at the first PUT (sqlite-schema.ts), like every table here.
 */
export const TIME_SERIES_TABLE = `CREATE TABLE IF NOT EXISTS time_series (
  width_ms INTEGER NOT NULL, start_ms INTEGER NOT NULL, arm_id TEXT NOT NULL,
  decisions INTEGER NOT NULL, outcomes INTEGER NOT NULL, rewards INTEGER NOT NULL,
  reward_sum REAL NOT NULL, cost_usd REAL NOT NULL, min_propensity REAL, latency TEXT,
  PRIMARY KEY (width_ms, start_ms, arm_id)) WITHOUT ROWID`;

interface Row {
  [key: string]: SqlStorageValue;
  width_ms: number;
  start_ms: number;
  arm_id: string;
  decisions: number;
  outcomes: number;
  rewards: number;
  reward_sum: number;
  cost_usd: number;
  min_propensity: number | null;
  latency: string | null;
}

/** Reads and writes the rows; what a delta does to a row is src/metrics/time-series.ts. */
export class TimeSeriesTable {
  /** the minute whose expired rows were last deleted: pruning runs once a minute at most */
  private prunedAtMinute = -1;

  constructor(private readonly sql: SqlStorage) {}

  /** Adds an event to its bucket at every width, in the same storage transaction as the event. */
  add(delta: SeriesDelta, nowMs: number): void {
    for (const { widthMs, startMs } of rowKeysOf(delta)) {
      const stored = this.read(widthMs, startMs, delta.armId);
      this.write(applyDelta(stored ?? emptyRow(widthMs, startMs, delta.armId), delta));
    }
    this.prune(nowMs);
  }

  /** Rows of one width starting in [sinceMs, untilMs). */
  rows(widthMs: number, sinceMs: number, untilMs: number): SeriesRow[] {
    return this.sql
      .exec<Row>(
        'SELECT * FROM time_series WHERE width_ms = ? AND start_ms >= ? AND start_ms < ?',
        widthMs,
        sinceMs,
        untilMs,
      )
      .toArray()
      .map(rowOf);
  }

  /** Starts afresh (a new incarnation of an archived task type). */
  reset(): void {
    this.sql.exec('DELETE FROM time_series');
  }

  private read(widthMs: number, startMs: number, armId: string): SeriesRow | null {
    const row = this.sql
      .exec<Row>(
        'SELECT * FROM time_series WHERE width_ms = ? AND start_ms = ? AND arm_id = ?',
        widthMs,
        startMs,
        armId,
      )
      .toArray()[0];
    return row ? rowOf(row) : null;
  }

  private write(r: SeriesRow): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO time_series VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      r.widthMs,
      r.startMs,
      r.armId,
      r.decisions,
      r.outcomes,
      r.rewards,
      r.rewardSum,
      r.costUsd,
      r.minPropensity,
      r.latency ? JSON.stringify(sketchToJson(r.latency)) : null,
    );
  }

  private prune(nowMs: number): void {
    const minute = Math.floor(nowMs / SERIES_WIDTHS_MS.minute);
    if (minute === this.prunedAtMinute) return;
    this.prunedAtMinute = minute;
    for (const widthMs of Object.values(SERIES_WIDTHS_MS))
      this.sql.exec(
        'DELETE FROM time_series WHERE width_ms = ? AND start_ms < ?',
        widthMs,
        expiredBefore(widthMs, nowMs),
      );
  }
}

function rowOf(r: Row): SeriesRow {
  const parsed = r.latency === null ? null : sketchFromJson(JSON.parse(r.latency) as SketchJson);
  // A row this table wrote always parses; a broken one loses its latencies, not the counts.
  const latency = parsed?.ok ? parsed.sketch : null;
  return {
    widthMs: r.width_ms,
    startMs: r.start_ms,
    armId: r.arm_id,
    decisions: r.decisions,
    outcomes: r.outcomes,
    rewards: r.rewards,
    rewardSum: r.reward_sum,
    costUsd: r.cost_usd,
    minPropensity: r.min_propensity,
    latency,
  };
}
