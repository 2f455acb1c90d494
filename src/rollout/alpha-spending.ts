/**
 * Alpha spending for guards that are re-checked after every outcome. A check may reject
 * only at a *look*; each look has an index pair (segment s, ordinal k), no pair is used twice,
 * and look (s, k) is tested at δ = α·w(s)·w(k). Since Σ w ≤ 1, the chance that any look
 * of a phase rejects a true null is ≤ α by the union bound, however many checks run and
 * however they depend on each other. Whether a check is a look depends on counts and clock
 * only, never on the values judged, so each look is a fixed-size test at its δ.
 *
 * - Segment s: counts the times the window dropped data (time buckets expiring). Within a
 *   segment the sample only grows.
 * - Epoch: a rule may look again in a segment only once its treated sample has grown by a
 *   factor ρ, j = 1 + ⌊log_ρ(n / n_min)⌋, so a segment holds a handful of looks. Checks in
 *   between may only report, never reject; a rejection is delayed by at most a factor ρ in n.
 * - Ordinal k: the k-th look the rule actually spent in the segment. Indexing by k rather
 *   than by j keeps the first looks cheap even when the early epochs could not test (a p99
 *   upper bound needs ~1,000 control outcomes).
 *
 * w(i) = 1 / (C·(i + 1)·ln²(i + 1)) decays more slowly than 6/(π²i²): after a day of
 * 5-minute segments (s ≈ 288) it still leaves ~30× more α per look. C = 2.11 bounds
 * Σ_{m≥2} 1/(m·ln²m) = 2.1097… from above (a test checks it), so Σ_{i≥1} w(i) ≤ 1.
 */

const SPENDING_CONSTANT = 2.11;

/** Share w(i) of the error budget for the i-th segment or epoch, i ≥ 1. */
export function spendingWeight(index: number): number {
  if (!(Number.isInteger(index) && index >= 1))
    throw new RangeError(`spendingWeight: index must be an integer ≥ 1, got ${index}`);
  const l = Math.log(index + 1);
  return 1 / (SPENDING_CONSTANT * (index + 1) * l * l);
}

/** δ of look (segment, ordinal) under an error budget α. */
export function lookDelta(alpha: number, segment: number, ordinal: number): number {
  return alpha * spendingWeight(segment) * spendingWeight(ordinal);
}

/** Epoch of sample size n ≥ nMin with growth ρ > 1: 1 + ⌊log_ρ(n / nMin)⌋. */
export function epochOf(n: number, nMin: number, growth: number): number {
  if (!(growth > 1)) throw new RangeError(`epochOf: growth must be > 1, got ${growth}`);
  if (n < nMin) throw new RangeError(`epochOf: n (${n}) is below nMin (${nMin})`);
  // A hair of slack so that n = nMin·ρᵏ lands in epoch k + 1 despite rounding.
  return 1 + Math.floor(Math.log(n / Math.max(nMin, 1)) / Math.log(growth) + 1e-9);
}
