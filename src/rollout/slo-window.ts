/**
 * Time-windowed SLO statistics of the two cohorts: treated (served the policy's choice) and
 * control (served the baseline). The window is a list of time buckets, each holding mergeable
 * statistics, so the view over the window is a merge and the state adds up across shards.
 */
import { addObservation, EMPTY_STATS, type GaussianStats, mergeStats } from '../bandit/gaussian-stats';
import { addToSketch, emptySketch, mergeAllSketches, mergeSketches, type Sketch } from '../common/ddsketch';
import type { Served } from '../contract/decision-log';

export type Cohort = 'treated' | 'control';

/** Statistics of one cohort: latency sketch, quality (Welford), calls with a known success and errors. */
export interface CohortStats {
  latency: Sketch;
  quality: GaussianStats;
  /** outcomes whose `success` is known */
  calls: number;
  /** of which `success: false` */
  errors: number;
}

export interface WindowBucket {
  /** bucket covers [startMs, startMs + bucketMs) */
  startMs: number;
  treated: CohortStats;
  control: CohortStats;
}

export interface SloWindow {
  windowMs: number;
  bucketMs: number;
  sketchAlpha: number;
  /** ascending by startMs, only buckets with data */
  buckets: readonly WindowBucket[];
  /**
   * Derived: both cohorts merged over `buckets`, kept up to date by addOutcome so that a view
   * costs O(1) until a bucket expires (then one merge). Rebuild with `withMergedView` after
   * loading buckets from storage.
   */
  merged: { treated: CohortStats; control: CohortStats };
}

/** The fields of an outcome the guards use; each may arrive separately. */
export interface OutcomeSample {
  latencyMs?: number;
  /** in [0, 1] */
  quality?: number;
  success?: boolean;
}

/** The merged statistics of the window at `nowMs`. */
export interface WindowView {
  /** the view covers [fromMs, toMs): between windowMs − bucketMs and windowMs of time */
  fromMs: number;
  toMs: number;
  treated: CohortStats;
  control: CohortStats;
  /** start of the oldest bucket with data, null when empty (the guard detects dropped data with it) */
  oldestDataMs: number | null;
}

/** `served: "policy"` is the treated cohort, `"baseline"` the control (DESIGN.md §5). */
export function cohortOf(served: Served): Cohort {
  return served === 'policy' ? 'treated' : 'control';
}

export function emptyCohortStats(sketchAlpha: number): CohortStats {
  return { latency: emptySketch(sketchAlpha), quality: EMPTY_STATS, calls: 0, errors: 0 };
}

export function emptySloWindow(settings: {
  windowMs: number;
  bucketMs: number;
  sketchAlpha: number;
}): SloWindow {
  if (!(settings.bucketMs > 0 && settings.windowMs >= settings.bucketMs))
    throw new RangeError('emptySloWindow: need 0 < bucketMs ≤ windowMs');
  return { ...settings, buckets: [], merged: emptyMerged(settings.sketchAlpha) };
}

function emptyMerged(sketchAlpha: number): SloWindow['merged'] {
  return { treated: emptyCohortStats(sketchAlpha), control: emptyCohortStats(sketchAlpha) };
}

/** The window with `merged` recomputed from its buckets. */
export function withMergedView(window: Omit<SloWindow, 'merged'>): SloWindow {
  return {
    ...window,
    merged: {
      treated: mergeAllCohorts(
        window.buckets.map((b) => b.treated),
        window.sketchAlpha,
      ),
      control: mergeAllCohorts(
        window.buckets.map((b) => b.control),
        window.sketchAlpha,
      ),
    },
  };
}

export function addToCohort(stats: CohortStats, sample: OutcomeSample): CohortStats {
  return {
    latency: sample.latencyMs === undefined ? stats.latency : addToSketch(stats.latency, sample.latencyMs),
    quality: sample.quality === undefined ? stats.quality : addObservation(stats.quality, sample.quality),
    calls: stats.calls + (sample.success === undefined ? 0 : 1),
    errors: stats.errors + (sample.success === false ? 1 : 0),
  };
}

export function mergeCohortStats(a: CohortStats, b: CohortStats): CohortStats {
  return {
    latency: mergeSketches(a.latency, b.latency),
    quality: mergeStats(a.quality, b.quality),
    calls: a.calls + b.calls,
    errors: a.errors + b.errors,
  };
}

/** Start of the oldest bucket still in the window at `nowMs`. */
function windowStartMs(window: SloWindow, nowMs: number): number {
  const buckets = Math.ceil(window.windowMs / window.bucketMs);
  return (Math.floor(nowMs / window.bucketMs) - buckets + 1) * window.bucketMs;
}

/** The window with one outcome (or part of one) recorded at `nowMs`; expired buckets are dropped. */
export function addOutcome(
  window: SloWindow,
  cohort: Cohort,
  sample: OutcomeSample,
  nowMs: number,
): SloWindow {
  const fromMs = windowStartMs(window, nowMs);
  const startMs = Math.floor(nowMs / window.bucketMs) * window.bucketMs;
  const kept = window.buckets.filter((b) => b.startMs >= fromMs);
  const index = kept.findIndex((b) => b.startMs >= startMs);
  const existing = index >= 0 && kept[index]!.startMs === startMs ? kept[index]! : undefined;
  const base = existing ?? {
    startMs,
    treated: emptyCohortStats(window.sketchAlpha),
    control: emptyCohortStats(window.sketchAlpha),
  };
  const bucket = { ...base, [cohort]: addToCohort(base[cohort], sample) };
  const buckets = [...kept];
  if (existing) buckets[index] = bucket;
  else buckets.splice(index >= 0 ? index : buckets.length, 0, bucket);
  if (kept.length < window.buckets.length) return withMergedView({ ...window, buckets });
  const merged = { ...window.merged, [cohort]: addToCohort(window.merged[cohort], sample) };
  return { ...window, buckets, merged };
}

/** Merged statistics of both cohorts over the window at `nowMs`. */
export function windowView(window: SloWindow, nowMs: number): WindowView {
  const fromMs = windowStartMs(window, nowMs);
  const toMs = (Math.floor(nowMs / window.bucketMs) + 1) * window.bucketMs;
  const inside = window.buckets.filter((b) => b.startMs >= fromMs && b.startMs < toMs);
  const oldestDataMs = inside[0]?.startMs ?? null;
  if (inside.length === window.buckets.length) return { fromMs, toMs, ...window.merged, oldestDataMs };
  return {
    fromMs,
    toMs,
    treated: mergeAllCohorts(
      inside.map((b) => b.treated),
      window.sketchAlpha,
    ),
    control: mergeAllCohorts(
      inside.map((b) => b.control),
      window.sketchAlpha,
    ),
    oldestDataMs,
  };
}

/** Many cohort statistics merged at once (the sketch in one pass). */
export function mergeAllCohorts(parts: readonly CohortStats[], sketchAlpha: number): CohortStats {
  return {
    latency: mergeAllSketches(
      parts.map((p) => p.latency),
      sketchAlpha,
    ),
    quality: parts.reduce((q, p) => mergeStats(q, p.quality), EMPTY_STATS),
    calls: parts.reduce((n, p) => n + p.calls, 0),
    errors: parts.reduce((n, p) => n + p.errors, 0),
  };
}
