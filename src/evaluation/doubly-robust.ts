import { mean } from './mean';
import type { ArmMatrix, EstimatorResult, LoggedRounds } from './types';

/** What the three DR variants share: the DM term and the factual residual per row. */
export interface DoublyRobustParts {
  /** q̂(x_i, π_e) */
  readonly policyRewards: Float64Array;
  /** r_i − q̂(x_i, a_i) */
  readonly residuals: Float64Array;
}

export function doublyRobustParts(
  log: LoggedRounds,
  expectedRewards: ArmMatrix,
  policyRewards: Float64Array,
): DoublyRobustParts {
  const armCount = log.arms.length;
  const residuals = new Float64Array(log.n);
  for (let i = 0; i < log.n; i++) {
    residuals[i] = log.reward[i]! - expectedRewards[i * armCount + log.action[i]!]!;
  }
  return { policyRewards, residuals };
}

/** DR: ρ_i = q̂(x_i, π_e) + w_i (r_i − q̂(x_i, a_i)) (OBP `DoublyRobust`, no clipping). */
export function doublyRobust(parts: DoublyRobustParts, weights: Float64Array): EstimatorResult {
  return correctedBy(parts, (i, residual) => weights[i]! * residual);
}

/**
 * SNDR: the correction is self-normalised by mean(w) over the full sample, as OBP's
 * `SelfNormalizedDoublyRobust` does per round. Undefined (NaN) when Σ w = 0.
 */
export function selfNormalizedDoublyRobust(parts: DoublyRobustParts, weights: Float64Array): EstimatorResult {
  const meanWeight = mean(weights);
  return correctedBy(parts, (i, residual) => (weights[i]! * residual) / meanWeight);
}

/**
 * Switch-DR(λ): rows whose weight exceeds λ keep only the model term, trading the variance
 * of huge weights for the model's bias (OBP `SwitchDoublyRobust`: the correction applies
 * where w_i ≤ λ).
 */
export function switchDoublyRobust(
  parts: DoublyRobustParts,
  weights: Float64Array,
  lambda: number,
): EstimatorResult {
  return correctedBy(parts, (i, residual) => (weights[i]! <= lambda ? weights[i]! * residual : 0));
}

/** ρ_i = q̂(x_i, π_e) + correction; the variants differ only in how the residual is weighted. */
function correctedBy(
  parts: DoublyRobustParts,
  correction: (row: number, residual: number) => number,
): EstimatorResult {
  const n = parts.residuals.length;
  const contributions = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    contributions[i] = parts.policyRewards[i]! + correction(i, parts.residuals[i]!);
  }
  return { value: mean(contributions), contributions };
}
