/**
 * p99 of a cohort's latency sketch and its one-sided order-statistic bounds. The rank comes
 * from the exact binomial (bounds.ts); the value is the edge of the sketch bucket that surely
 * holds that order statistic, so the sketch's 1 % error only ever widens the bound.
 */

import { sketchQuantile, valueAtRank } from '../common/ddsketch';
import { quantileLowerBoundRank, quantileUpperBoundRank } from './bounds';
import type { CohortStats } from './slo-window';

export const P99 = 0.99;

/** Point estimate of p99 (ms); null without latencies. */
export function p99(stats: CohortStats): number | null {
  return stats.latency.count === 0 ? null : sketchQuantile(stats.latency, P99);
}

/** L with P(true p99 < L) ≤ δ; null when the sample is too small for a bound at δ. */
export function latencyLowerBound(stats: CohortStats, delta: number): number | null {
  const rank = quantileLowerBoundRank(stats.latency.count, P99, delta);
  return rank === null ? null : valueAtRank(stats.latency, rank).low;
}

/** U with P(true p99 > U) ≤ δ; null when the sample is too small (an upper bound needs 0.99ⁿ ≤ δ). */
export function latencyUpperBound(stats: CohortStats, delta: number): number | null {
  const rank = quantileUpperBoundRank(stats.latency.count, P99, delta);
  return rank === null ? null : valueAtRank(stats.latency, rank).high;
}
