import { addToSketch, emptySketch, type Sketch } from '../common/ddsketch';
import type { RecordedOutcome } from '../optimizer/merge-outcome';

/**
 * The object keeps its time series at two resolutions: minute rows for the recent past and hour
 * rows for the month. Every bucket a reader asks for is a whole number of one of them, so reads
 * merge stored rows and never look at a decision.
 */
export const SERIES_WIDTHS_MS = { minute: 60_000, hour: 3_600_000 } as const;

/** How long rows of each width are kept (docs/api.md "Time series"). */
export const SERIES_RETENTION_MS = {
  [SERIES_WIDTHS_MS.minute]: 48 * 3_600_000,
  [SERIES_WIDTHS_MS.hour]: 30 * 24 * 3_600_000,
} as const;

/** One stored row: an arm's figures for the decisions issued in [startMs, startMs + widthMs). */
export interface SeriesRow {
  widthMs: number;
  /** Unix ms, a multiple of widthMs */
  startMs: number;
  armId: string;
  decisions: number;
  /** decisions with at least one outcome part */
  outcomes: number;
  /** decisions whose reward is known */
  rewards: number;
  rewardSum: number;
  costUsd: number;
  /** the smallest logged propensity; null before the first decision */
  minPropensity: number | null;
  /** latencies reported; null before the first */
  latency: Sketch | null;
}

/**
 * What one event adds to its arm's rows. Outcomes count in the bucket of the decision's issue
 * time, so a bucket's reward mean and missing rewards describe the decisions made in it.
 */
export interface SeriesDelta {
  armId: string;
  /** the decision's issue time, Unix ms */
  issuedAtMs: number;
  decisions: number;
  outcomes: number;
  rewards: number;
  rewardSum: number;
  costUsd: number;
  propensity: number | null;
  latencyMs: number | null;
}

const NOTHING = { decisions: 0, outcomes: 0, rewards: 0, rewardSum: 0, costUsd: 0 };

/** A decision just logged. */
export function decisionDelta(armId: string, issuedAtMs: number, propensity: number): SeriesDelta {
  return { ...NOTHING, armId, issuedAtMs, decisions: 1, propensity, latencyMs: null };
}

/** The part of a decision's outcome, before and after one change, that the series has not counted yet. */
export interface OutcomeSnapshot {
  armId: string;
  issuedAtMs: number;
  outcome: RecordedOutcome;
  reward: number | null;
}

/**
 * What an outcome change adds: each quantity counts once per decision, when it first appears
 * (outcome parts set each field once, the reward is computed once). null when nothing is new.
 */
export function outcomeDelta(before: OutcomeSnapshot | null, after: OutcomeSnapshot): SeriesDelta | null {
  const was = before?.outcome ?? {};
  const firstPart = Object.keys(was).length === 0 && Object.keys(after.outcome).length > 0;
  const newReward = (before?.reward ?? null) === null && after.reward !== null;
  const newCost = was.costUsd === undefined && after.outcome.costUsd !== undefined;
  const newLatency = was.latencyMs === undefined && after.outcome.latencyMs !== undefined;
  if (!firstPart && !newReward && !newCost && !newLatency) return null;
  return {
    armId: after.armId,
    issuedAtMs: after.issuedAtMs,
    decisions: 0,
    outcomes: firstPart ? 1 : 0,
    rewards: newReward ? 1 : 0,
    rewardSum: newReward ? (after.reward ?? 0) : 0,
    costUsd: newCost ? (after.outcome.costUsd ?? 0) : 0,
    propensity: null,
    latencyMs: newLatency ? (after.outcome.latencyMs ?? null) : null,
  };
}

/** The start of the bucket of `widthMs` that holds `atMs` (buckets aligned to the Unix epoch, UTC). */
export function bucketStart(atMs: number, widthMs: number): number {
  return Math.floor(atMs / widthMs) * widthMs;
}

/** An empty row of one arm and bucket. */
export function emptyRow(widthMs: number, startMs: number, armId: string): SeriesRow {
  return { widthMs, startMs, armId, ...NOTHING, minPropensity: null, latency: null };
}

/** The row after a delta (the row must be the delta's arm and bucket). */
export function applyDelta(row: SeriesRow, delta: SeriesDelta): SeriesRow {
  const minPropensity =
    delta.propensity === null
      ? row.minPropensity
      : Math.min(row.minPropensity ?? Number.POSITIVE_INFINITY, delta.propensity);
  // Latencies are validated ≥ 0 and finite by the outcome contract, as the sketch needs.
  const latency =
    delta.latencyMs === null ? row.latency : addToSketch(row.latency ?? emptySketch(), delta.latencyMs);
  return {
    ...row,
    decisions: row.decisions + delta.decisions,
    outcomes: row.outcomes + delta.outcomes,
    rewards: row.rewards + delta.rewards,
    rewardSum: row.rewardSum + delta.rewardSum,
    costUsd: row.costUsd + delta.costUsd,
    minPropensity,
    latency,
  };
}

/** The row keys a delta touches: its bucket at every stored width. */
export function rowKeysOf(delta: SeriesDelta): { widthMs: number; startMs: number }[] {
  return Object.values(SERIES_WIDTHS_MS).map((widthMs) => ({
    widthMs,
    startMs: bucketStart(delta.issuedAtMs, widthMs),
  }));
}

/** Rows of `widthMs` that start before this instant are past their retention. */
export function expiredBefore(widthMs: number, nowMs: number): number {
  const retention = SERIES_RETENTION_MS[widthMs as keyof typeof SERIES_RETENTION_MS];
  if (retention === undefined) throw new RangeError(`expiredBefore: no retention for width ${widthMs}`);
  return bucketStart(nowMs - retention, widthMs);
}
