/**
 * One-sided confidence bounds used by the breach rules, each at an explicit error level δ
 * (the caller's alpha-spending decides δ; see alpha-spending.ts):
 * - order statistics for quantiles (distribution-free, exact binomial ranks),
 * - Wilson's score bound for a proportion,
 * - Student-t bounds for a mean and for a difference of means (Welch).
 */
import type { GaussianStats } from '../bandit/gaussian-stats';
import { lnGamma, regularizedIncompleteBeta, studentTQuantile } from '../bandit/student-t';
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

/**
 * Binomial(n, p) probabilities, anchored at the mode through ln Γ and extended by the ratio
 * recurrence both ways: no underflow at the anchor even for n ~ 10⁶, and each tail is then
 * summed from its far end so tiny tails keep their digits.
 */
function binomialPmf(n: number, p: number): Float64Array {
  const pmf = new Float64Array(n + 1);
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const lnPmfMode =
    lnGamma(n + 1) -
    lnGamma(mode + 1) -
    lnGamma(n - mode + 1) +
    mode * Math.log(p) +
    (n - mode) * Math.log1p(-p);
  pmf[mode] = Math.exp(lnPmfMode);
  const odds = p / (1 - p);
  for (let k = mode; k < n; k++) pmf[k + 1] = (pmf[k]! * (n - k) * odds) / (k + 1);
  for (let k = mode; k > 0; k--) pmf[k - 1] = (pmf[k]! * k) / ((n - k + 1) * odds);
  return pmf;
}

/**
 * 0-based ascending rank r whose order statistic X₍ᵣ₎ is a lower bound of the q-quantile:
 * P(X₍ᵣ₎ > x_q) ≤ δ, for any distribution. X₍ᵣ₎ > x_q needs at least n − r values above x_q,
 * and their number is at most Bin(n, 1 − q) stochastically. The largest such r; null when
 * even the minimum is not a bound at this δ (too few values).
 */
export function quantileLowerBoundRank(n: number, q: number, delta: number): number | null {
  checkDelta(delta);
  // Even the minimum fails when all n values could exceed x_q: (1 − q)ⁿ > δ. Cheap, and the common case.
  if (n < 1 || (1 - q) ** n > delta) return null;
  // g = n − r: the fewest exceedances that are already improbable, P(Bin(n, 1 − q) ≥ g) ≤ δ.
  const pmf = binomialPmf(n, 1 - q);
  let tail = 0;
  for (let g = n; g >= 1; g--) {
    tail += pmf[g]!;
    if (tail > delta) return g + 1 > n ? null : n - (g + 1);
  }
  return n - 1;
}

/**
 * 0-based ascending rank r with P(X₍ᵣ₎ < x_q) ≤ δ (an upper bound of the q-quantile):
 * X₍ᵣ₎ < x_q leaves at most n − r − 1 values at or above x_q, whose number is at least
 * Bin(n, 1 − q) stochastically. The smallest such r; null when even the maximum is not a bound.
 */
export function quantileUpperBoundRank(n: number, q: number, delta: number): number | null {
  checkDelta(delta);
  // Even the maximum fails when no value reaching x_q is plausible: qⁿ > δ (p99 needs n ≥ ln δ / ln 0.99).
  if (n < 1 || q ** n > delta) return null;
  // h = n − r − 1: the most values at or above x_q we may still call improbable, P(Bin(n, 1 − q) ≤ h) ≤ δ.
  const pmf = binomialPmf(n, 1 - q);
  let cdf = 0;
  for (let h = 0; h < n; h++) {
    cdf += pmf[h]!;
    if (cdf > delta) return h === 0 ? null : n - h;
  }
  return 0;
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
