import { type BootstrapMethod, bootstrapMeans } from './bootstrap';
import { percentileBounds } from './percentile';
import type { EstimatorResult, Interval } from './types';

export interface IntervalOptions {
  readonly resamples: number;
  /** 1 − confidence level; bounds are the α/2 and 1 − α/2 percentiles */
  readonly alpha: number;
  readonly seed: string | number;
  readonly method: BootstrapMethod;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Percentile bootstrap intervals for several estimates at once, all on the same resamples
 * of rounds (the estimates must come from the same log). As in OBP, the per-round
 * contributions are computed once on the full sample and only their mean is resampled.
 */
export function bootstrapIntervals(
  results: readonly EstimatorResult[],
  options: IntervalOptions,
): Interval[] {
  const means = bootstrapMeans(
    results.map((result) => result.contributions),
    options,
  );
  return results.map((result, i) => ({ value: result.value, ...percentileBounds(means[i]!, options.alpha) }));
}

/**
 * The paired bootstrap interval of (policy − baseline): both estimates resampled with the
 * same draws, so the noise they share cancels instead of widening the interval.
 */
export function pairedDifference(
  policy: EstimatorResult,
  baseline: EstimatorResult,
  options: IntervalOptions,
): Interval {
  const [policyMeans, baselineMeans] = bootstrapMeans(
    [policy.contributions, baseline.contributions],
    options,
  );
  return differenceInterval(policyMeans!, baselineMeans!, policy.value - baseline.value, options.alpha);
}

/** The same, from resample means already drawn together (e.g. by `bootstrapMeans`). */
export function differenceInterval(
  policyMeans: Float64Array,
  baselineMeans: Float64Array,
  value: number,
  alpha: number,
): Interval {
  const differences = new Float64Array(policyMeans.length);
  for (let b = 0; b < differences.length; b++) differences[b] = policyMeans[b]! - baselineMeans[b]!;
  return { value, ...percentileBounds(differences, alpha) };
}
