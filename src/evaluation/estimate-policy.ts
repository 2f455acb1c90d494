import { directMethod, policyExpectedRewards } from './direct-method';
import {
  doublyRobust,
  doublyRobustParts,
  selfNormalizedDoublyRobust,
  switchDoublyRobust,
} from './doubly-robust';
import { importanceWeights } from './importance-weights';
import { ips, snips } from './inverse-propensity';
import type { ArmMatrix, EstimatorName, EstimatorResult, LoggedRounds } from './types';

/** Switch-DR's default threshold on importance weights (the CLI's `--switch-lambda`). */
export const DEFAULT_SWITCH_LAMBDA = 100;

export interface PolicyEstimates {
  readonly weights: Float64Array;
  readonly estimators: Record<EstimatorName, EstimatorResult>;
}

/** All six estimators for one target policy on one log, sharing the weights and q̂ terms. */
export function estimatePolicy(
  log: LoggedRounds,
  targetProbabilities: ArmMatrix,
  expectedRewards: ArmMatrix,
  switchLambda: number = DEFAULT_SWITCH_LAMBDA,
): PolicyEstimates {
  const weights = importanceWeights(log, targetProbabilities);
  const policyRewards = policyExpectedRewards(log.n, log.arms.length, targetProbabilities, expectedRewards);
  const parts = doublyRobustParts(log, expectedRewards, policyRewards);
  return {
    weights,
    estimators: {
      ips: ips(log, weights),
      snips: snips(log, weights),
      dm: directMethod(policyRewards),
      dr: doublyRobust(parts, weights),
      sndr: selfNormalizedDoublyRobust(parts, weights),
      switchDr: switchDoublyRobust(parts, weights, switchLambda),
    },
  };
}
