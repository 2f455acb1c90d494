import { mean } from './mean';
import type { ArmMatrix, EstimatorResult } from './types';

/**
 * q̂(x_i, π_e) = Σ_a π_e(a|x_i) q̂(x_i, a) / Σ_a π_e(a|x_i) per row. The division matches
 * OBP's `np.average(q̂, weights=π_e)`; for a proper distribution it divides by 1.
 */
export function policyExpectedRewards(
  n: number,
  armCount: number,
  targetProbabilities: ArmMatrix,
  expectedRewards: ArmMatrix,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let weighted = 0;
    let mass = 0;
    for (let k = 0; k < armCount; k++) {
      const p = targetProbabilities[i * armCount + k]!;
      weighted += p * expectedRewards[i * armCount + k]!;
      mass += p;
    }
    out[i] = weighted / mass;
  }
  return out;
}

/** DM: ρ_i = q̂(x_i, π_e), the reward model's view of the target policy. */
export function directMethod(policyRewards: Float64Array): EstimatorResult {
  const contributions = policyRewards.slice();
  return { value: mean(contributions), contributions };
}
