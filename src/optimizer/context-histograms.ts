import { ownValue } from '../common/own-key';
import type { Context } from '../contract/decision-log';
import type { TaskTypeConfig } from '../contract/task-type';
import { addToHistogram, emptyHistogram, type Histogram } from '../rollout/drift';

/**
 * Fixed bin edges for any numeric feature: every integer in [−10, 10] (small counts, tiers and
 * flags get a bin each), then 1-2-5 steps per decade out to ±10⁶, with under- and overflow bins.
 * Fixed, so histograms of different windows and shards always line up.
 */
export const DRIFT_EDGES: readonly number[] = (() => {
  const positive = [20, 50];
  for (let decade = 100; decade <= 1_000_000; decade *= 10) positive.push(decade, 2 * decade, 5 * decade);
  const small = Array.from({ length: 21 }, (_, i) => i - 10);
  return [...positive.map((x) => -x).reverse(), ...small, ...positive];
})();

/** Histograms of the numeric-valued features (numeric, log, bool) a task type declares. */
export type ContextHistograms = Record<string, Histogram>;

export function driftFeatures(config: TaskTypeConfig): string[] {
  return config.features
    .filter((f) => f.kind === 'numeric' || f.kind === 'log' || f.kind === 'bool')
    .map((f) => f.name);
}

/** Adds one request's context to the histograms (missing or non-numeric values are skipped). */
export function addContext(
  histograms: ContextHistograms,
  features: readonly string[],
  context: Context,
): ContextHistograms {
  let next = histograms;
  for (const name of features) {
    const raw = ownValue(context, name);
    const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (next === histograms) next = { ...histograms };
    next[name] = addToHistogram(ownValue(next, name) ?? emptyHistogram(DRIFT_EDGES), value);
  }
  return next;
}
