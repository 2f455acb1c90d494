/**
 * Mergeable statistics of an arm's rewards: count, running mean and M2 (sum of squared
 * deviations from the mean). Welford to add, Chan et al. to merge, never Σr and Σr², which
 * lose precision to cancellation once the mean is large relative to the spread.
 * `n` may be fractional after `discountStats` (an effective count).
 */
export interface GaussianStats {
  n: number;
  mean: number;
  m2: number;
}

export const EMPTY_STATS: GaussianStats = Object.freeze({ n: 0, mean: 0, m2: 0 });

/** Welford's update; returns a new object. */
export function addObservation(s: GaussianStats, x: number): GaussianStats {
  if (!Number.isFinite(x)) throw new RangeError(`addObservation: reward must be finite, got ${x}`);
  const n = s.n + 1;
  const delta = x - s.mean;
  const mean = s.mean + delta / n;
  return { n, mean, m2: s.m2 + delta * (x - mean) };
}

/** Chan's parallel merge: exact (up to rounding) statistics of the union of both samples. */
export function mergeStats(a: GaussianStats, b: GaussianStats): GaussianStats {
  const n = a.n + b.n;
  if (n === 0) return { n: 0, mean: 0, m2: 0 };
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const delta = b.mean - a.mean;
  return {
    n,
    mean: a.mean + (delta * b.n) / n,
    m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n,
  };
}

/** Sample variance (n − 1 denominator); 0 when n < 2. */
export function variance(s: GaussianStats): number {
  return s.n < 2 ? 0 : s.m2 / (s.n - 1);
}

/**
 * Forgetting for drifting worlds: scale the evidence by γ ∈ (0, 1] (mean unchanged), so old
 * rewards weigh γ^age. Applied once per update by the caller when a task type opts in.
 */
export function discountStats(s: GaussianStats, gamma: number): GaussianStats {
  if (!(gamma > 0 && gamma <= 1))
    throw new RangeError(`discountStats: gamma must be in (0, 1], got ${gamma}`);
  return { n: s.n * gamma, mean: s.mean, m2: s.m2 * gamma };
}
