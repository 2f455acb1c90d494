import { mean } from './mean';
import type { EstimatorResult, LoggedRounds } from './types';

/** IPS: ρ_i = w_i r_i (OBP `InverseProbabilityWeighting`, no clipping). */
export function ips(log: LoggedRounds, weights: Float64Array): EstimatorResult {
  const contributions = new Float64Array(log.n);
  for (let i = 0; i < log.n; i++) contributions[i] = weights[i]! * log.reward[i]!;
  return { value: mean(contributions), contributions };
}

/**
 * SNIPS: Σ w_i r_i / Σ w_i. As in OBP, each round contributes w_i r_i / mean(w) with the
 * mean taken on the full sample, so the bootstrap resamples those fixed contributions
 * rather than re-normalising inside each resample. Undefined (NaN) when Σ w = 0.
 */
export function snips(log: LoggedRounds, weights: Float64Array): EstimatorResult {
  const meanWeight = mean(weights);
  const contributions = new Float64Array(log.n);
  for (let i = 0; i < log.n; i++) contributions[i] = (weights[i]! * log.reward[i]!) / meanWeight;
  return { value: mean(contributions), contributions };
}
