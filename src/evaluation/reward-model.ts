import { DEFAULT_MAX_FEATURES, type DesignMatrix, designMatrix } from './design-matrix';
import { solveRidge } from './ridge';
import type { SparseFeatures } from './sparse-features';
import type { ArmMatrix, LoggedRounds } from './types';

export interface RewardModelOptions {
  /** cross-fitting folds; row i is in fold i mod folds */
  readonly folds: number;
  /** ridge penalty on the standardised features (the intercept is not shrunk) */
  readonly lambda: number;
  readonly maxFeatures: number;
}

export const DEFAULT_REWARD_MODEL: RewardModelOptions = {
  folds: 5,
  lambda: 1,
  maxFeatures: DEFAULT_MAX_FEATURES,
};

/**
 * q̂(x_i, a) for every row and arm: ridge regression of reward on the encoded context, one
 * model per arm, cross-fitted so that no row's prediction comes from a model that saw it
 * (DR's correction term stays unbiased only if q̂ is independent of that row's reward).
 *
 * Per arm, the Gram matrix of each fold is accumulated once; the model for fold f is fitted
 * on the total minus fold f. An arm with no training rows outside a fold predicts the mean
 * reward of that fold's training rows.
 */
export function fitRewardModel(
  log: LoggedRounds,
  features: SparseFeatures,
  options: RewardModelOptions = DEFAULT_REWARD_MODEL,
): ArmMatrix {
  const armCount = log.arms.length;
  const folds = Math.max(2, Math.min(options.folds, log.n));
  const x = designMatrix(features, options.maxFeatures);
  const d = x.d;
  const fallback = trainingMeans(log, folds);
  const expected = new Float64Array(log.n * armCount);
  const grams = Array.from({ length: folds }, () => new Float64Array(d * d));
  const rhs = Array.from({ length: folds }, () => new Float64Array(d));
  for (let k = 0; k < armCount; k++) {
    for (let f = 0; f < folds; f++) {
      grams[f]!.fill(0);
      rhs[f]!.fill(0);
    }
    for (let i = 0; i < log.n; i++) {
      if (log.action[i] === k) accumulate(x, i, log.reward[i]!, grams[i % folds]!, rhs[i % folds]!);
    }
    const totalGram = sumOf(grams);
    const totalRhs = sumOf(rhs);
    for (let f = 0; f < folds; f++) {
      const gram = totalGram.map((v, j) => v - grams[f]![j]!);
      const b = totalRhs.map((v, j) => v - rhs[f]![j]!);
      const beta = solveRidge(gram, b, d, options.lambda);
      for (let i = f; i < log.n; i += folds) {
        expected[i * armCount + k] = beta ? predict(x, i, beta) : fallback[f]!;
      }
    }
  }
  return expected;
}

/** Add row i's outer product (with the intercept) and reward to a fold's sufficient statistics. */
function accumulate(x: DesignMatrix, i: number, reward: number, gram: Float64Array, rhs: Float64Array): void {
  const d = x.d;
  const start = x.rowStart[i]!;
  const end = x.rowStart[i + 1]!;
  gram[0]! += 1;
  rhs[0]! += reward;
  for (let j = start; j < end; j++) {
    const a = x.column[j]!;
    const va = x.value[j]!;
    gram[a]! += va;
    gram[a * d]! += va;
    rhs[a]! += va * reward;
    for (let m = start; m < end; m++) gram[a * d + x.column[m]!]! += va * x.value[m]!;
  }
}

function predict(x: DesignMatrix, i: number, beta: Float64Array): number {
  let q = beta[0]!;
  for (let j = x.rowStart[i]!; j < x.rowStart[i + 1]!; j++) q += beta[x.column[j]!]! * x.value[j]!;
  return q;
}

function sumOf(parts: readonly Float64Array[]): Float64Array {
  const total = new Float64Array(parts[0]!.length);
  for (const part of parts) for (let j = 0; j < total.length; j++) total[j]! += part[j]!;
  return total;
}

/** Mean reward of the rows outside each fold (0 when there are none). */
function trainingMeans(log: LoggedRounds, folds: number): Float64Array {
  const sums = new Float64Array(folds);
  const counts = new Float64Array(folds);
  let sum = 0;
  for (let i = 0; i < log.n; i++) {
    sums[i % folds]! += log.reward[i]!;
    counts[i % folds]!++;
    sum += log.reward[i]!;
  }
  return sums.map((s, f) => (log.n - counts[f]! > 0 ? (sum - s) / (log.n - counts[f]!) : 0));
}
