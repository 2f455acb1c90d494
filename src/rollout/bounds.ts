/**
 * One-sided confidence bounds used by the breach rules, each at an explicit error level δ
 * (the caller's alpha-spending decides δ; see alpha-spending.ts):
 * - order statistics for quantiles (distribution-free, exact binomial ranks),
 * - Wilson's score bound for a proportion,
 * - Student-t bounds for a mean and for a difference of means (Welch).
 */
import type { GaussianStats } from '../bandit/gaussian-stats';
import { regularizedIncompleteBeta, studentTQuantile } from '../bandit/student-t';
import { normalQuantile } from './normal-quantile';

function checkDelta(delta: number): void {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must be in (0, 1), got ${delta}`);
}

/** P(Bin(n, p) ≥ k), exactly through the incomplete beta: I_p(k, n − k + 1). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return regularizedIncompleteBeta(p, k, n - k + 1);
}

/** P(Bin(n, p) ≤ k) = I_(1−p)(n − k, k + 1). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedIncompleteBeta(1 - p, n - k, k + 1);
}

/** Smallest integer in [lo, hi] where a non-increasing-to-true predicate holds; hi + 1 when none. */
function firstTrue(lo: number, hi: number, predicate: (k: number) => boolean): number {
  let low = lo;
  let high = hi + 1;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (predicate(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * 0-based ascending rank r whose order statistic X₍ᵣ₎ is a lower bound of the q-quantile:
 * P(X₍ᵣ₎ > x_q) ≤ δ, for any distribution. X₍ᵣ₎ > x_q needs at least n − r values above x_q,
 * and their number is at most Bin(n, 1 − q) stochastically. The largest such r; null when
 * even the minimum is not a bound at this δ (too few values).
 */
export function quantileLowerBoundRank(n: number, q: number, delta: number): number | null {
  checkDelta(delta);
  if (n < 1) return null;
  // g = n − r: the fewest exceedances that are already improbable.
  const g = firstTrue(1, n, (k) => binomialUpperTail(k, n, 1 - q) <= delta);
  return g > n ? null : n - g;
}

/**
 * 0-based ascending rank r with P(X₍ᵣ₎ < x_q) ≤ δ (an upper bound of the q-quantile):
 * X₍ᵣ₎ < x_q leaves at most n − r − 1 values at or above x_q, whose number is at least
 * Bin(n, 1 − q) stochastically. The smallest such r; null when even the maximum is not a bound.
 */
export function quantileUpperBoundRank(n: number, q: number, delta: number): number | null {
  checkDelta(delta);
  if (n < 1) return null;
  // h = n − r − 1: the most values at or above x_q we may still call improbable; largest such h.
  const firstNot = firstTrue(0, n - 1, (h) => binomialLowerTail(h, n, 1 - q) > delta);
  const h = firstNot - 1;
  return h < 0 ? null : n - h - 1;
}

/** Wilson score interval bounds for `successes` of `n` at normal quantile z; [0, 1] when n = 0. */
export function wilsonInterval(successes: number, n: number, z: number): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/** One-sided Wilson lower bound at error level δ: P(true rate < bound) ≈ δ. */
export function wilsonLowerBound(successes: number, n: number, delta: number): number {
  checkDelta(delta);
  return wilsonInterval(successes, n, normalQuantile(1 - delta)).low;
}

/** One-sided t upper bound of a mean at level δ: x̄ + t₍₁₋δ, n−1₎·s/√n. Needs n ≥ 2. */
export function meanUpperBound(stats: GaussianStats, delta: number): number {
  checkDelta(delta);
  if (stats.n < 2) return Number.POSITIVE_INFINITY;
  const se = Math.sqrt(stats.m2 / (stats.n - 1) / stats.n);
  return stats.mean + (se === 0 ? 0 : studentTQuantile(1 - delta, stats.n - 1) * se);
}

/**
 * One-sided Welch upper bound of μ_a − μ_b at level δ, with Welch–Satterthwaite degrees of
 * freedom: the cohorts differ in size (5 % vs 95 %) and need not share a variance.
 */
export function differenceUpperBound(a: GaussianStats, b: GaussianStats, delta: number): number {
  checkDelta(delta);
  if (a.n < 2 || b.n < 2) return Number.POSITIVE_INFINITY;
  const va = a.m2 / (a.n - 1) / a.n;
  const vb = b.m2 / (b.n - 1) / b.n;
  const difference = a.mean - b.mean;
  const se2 = va + vb;
  if (se2 === 0) return difference;
  const nu = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return difference + studentTQuantile(1 - delta, nu) * Math.sqrt(se2);
}
