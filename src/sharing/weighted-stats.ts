import type { GaussianStats } from '../bandit/gaussian-stats';

/**
 * Welford's update for an observation that counts `weight` times (West, 1979): the effective
 * count grows by the weight, so a warm-start outcome at weight 0.5 moves the posterior half as
 * far as a live one. With weight 1 it is exactly `addObservation`.
 */
export function addWeightedObservation(s: GaussianStats, x: number, weight: number): GaussianStats {
  if (!Number.isFinite(x)) throw new RangeError(`addWeightedObservation: value must be finite, got ${x}`);
  if (!(weight > 0 && Number.isFinite(weight))) {
    throw new RangeError(`addWeightedObservation: weight must be finite and > 0, got ${weight}`);
  }
  const n = s.n + weight;
  const delta = x - s.mean;
  const mean = s.mean + (weight * delta) / n;
  return { n, mean, m2: s.m2 + weight * delta * (x - mean) };
}

/**
 * The same evidence scaled to at most `maxCount` effective observations, mean unchanged: how a
 * pool of other members' outcomes becomes a prior worth a few pseudo-outcomes. Scaling n and M2
 * together keeps the sample variance's estimate (M2/n) as it was.
 */
export function capEffectiveCount(s: GaussianStats, maxCount: number): GaussianStats {
  if (!(maxCount >= 0)) throw new RangeError(`capEffectiveCount: maxCount must be ≥ 0, got ${maxCount}`);
  if (s.n <= maxCount) return { ...s };
  if (maxCount === 0) return { n: 0, mean: 0, m2: 0 };
  const scale = maxCount / s.n;
  return { n: maxCount, mean: s.mean, m2: s.m2 * scale };
}
