import type { ArmMatrix, LoggedRounds } from './types';

/** w_i = π_e(a_i|x_i) / p_i, the importance weight of each logged row. */
export function importanceWeights(log: LoggedRounds, targetProbabilities: ArmMatrix): Float64Array {
  const armCount = log.arms.length;
  const weights = new Float64Array(log.n);
  for (let i = 0; i < log.n; i++) {
    weights[i] = targetProbabilities[i * armCount + log.action[i]!]! / log.propensity[i]!;
  }
  return weights;
}
