import { type BootstrapMethod, bootstrapMeans, DEFAULT_ALPHA, DEFAULT_RESAMPLES } from './bootstrap';
import { type Diagnostics, diagnose } from './diagnostics';
import { DEFAULT_SWITCH_LAMBDA, estimatePolicy } from './estimate-policy';
import type { LoadedLog } from './log-builder';
import { percentileBounds } from './percentile';
import { DEFAULT_REWARD_MODEL, fitRewardModel, type RewardModelOptions } from './reward-model';
import { policyMatrix, type TargetPolicy } from './target-policy';
import { ESTIMATOR_NAMES, type EstimatorName, type EstimatorResult, type Interval } from './types';

export interface EvaluationOptions {
  readonly resamples: number;
  readonly alpha: number;
  readonly seed: string | number;
  readonly bootstrap: BootstrapMethod;
  readonly switchLambda: number;
  readonly rewardModel: RewardModelOptions;
}

export const DEFAULT_EVALUATION: EvaluationOptions = {
  resamples: DEFAULT_RESAMPLES,
  alpha: DEFAULT_ALPHA,
  seed: 1,
  bootstrap: 'index',
  switchLambda: DEFAULT_SWITCH_LAMBDA,
  rewardModel: DEFAULT_REWARD_MODEL,
};

export interface PolicyReport {
  readonly policy: string;
  /** NaN (null in JSON) where an estimator is undefined on this log */
  readonly estimates: Record<EstimatorName, Interval>;
  readonly diagnostics: Diagnostics;
}

/** The `ope` CLI's stdout and the cron's evaluation report (API.md "`ope` CLI"). */
export interface EvaluationReport {
  readonly n: number;
  readonly missingRewards: number;
  readonly arms: readonly string[];
  readonly rewardModel: 'supplied' | 'fitted';
  readonly switchLambda: number;
  readonly bootstrap: { method: BootstrapMethod; resamples: number; alpha: number; seed: string | number };
  readonly policies: PolicyReport[];
}

/** Point estimates and diagnostics, before intervals: the part that needs the whole log. */
export interface PreparedEvaluation {
  readonly log: LoadedLog;
  readonly rewardModel: 'supplied' | 'fitted';
  readonly policies: {
    name: string;
    estimators: Record<EstimatorName, EstimatorResult>;
    diagnostics: Diagnostics;
  }[];
  /** every estimator's contributions, policy by policy in ESTIMATOR_NAMES order: bootstrap input */
  readonly columns: Float64Array[];
}

/** Phase 1: q̂ (supplied or fitted), then every estimator and diagnostic per policy. */
export function prepareEvaluation(
  log: LoadedLog,
  policies: readonly TargetPolicy[],
  options: EvaluationOptions = DEFAULT_EVALUATION,
): PreparedEvaluation {
  const armCount = log.arms.length;
  const expectedRewards =
    log.suppliedExpectedRewards ?? fitRewardModel(log, log.features, options.rewardModel);
  const prepared = policies.map((policy) => {
    const pi = policyMatrix(policy, log.n, armCount);
    const { weights, estimators } = estimatePolicy(log, pi, expectedRewards, options.switchLambda);
    return { name: policy.name, estimators, diagnostics: diagnose(log, pi, weights, log.missingRewards) };
  });
  return {
    log,
    rewardModel: log.suppliedExpectedRewards ? 'supplied' : 'fitted',
    policies: prepared,
    columns: prepared.flatMap((p) => ESTIMATOR_NAMES.map((name) => p.estimators[name].contributions)),
  };
}

/** Phase 3: the report, given the resample means of `prepared.columns` (from any bootstrap run). */
export function assembleReport(
  prepared: PreparedEvaluation,
  resampleMeans: readonly Float64Array[],
  options: EvaluationOptions = DEFAULT_EVALUATION,
): EvaluationReport {
  const { log } = prepared;
  return {
    n: log.n,
    missingRewards: log.missingRewards,
    arms: log.arms,
    rewardModel: prepared.rewardModel,
    switchLambda: options.switchLambda,
    bootstrap: {
      method: options.bootstrap,
      resamples: options.resamples,
      alpha: options.alpha,
      seed: options.seed,
    },
    policies: prepared.policies.map((policy, p) => {
      const estimates = {} as Record<EstimatorName, Interval>;
      ESTIMATOR_NAMES.forEach((name, e) => {
        const means = resampleMeans[p * ESTIMATOR_NAMES.length + e]!;
        estimates[name] = { value: policy.estimators[name].value, ...percentileBounds(means, options.alpha) };
      });
      return { policy: policy.name, estimates, diagnostics: policy.diagnostics };
    }),
  };
}

/** All three phases in one thread (phase 2 being `bootstrapMeans` over every column). */
export function evaluateLog(
  log: LoadedLog,
  policies: readonly TargetPolicy[],
  options: EvaluationOptions = DEFAULT_EVALUATION,
  onProgress?: (done: number, total: number) => void,
): EvaluationReport {
  const prepared = prepareEvaluation(log, policies, options);
  const means = bootstrapMeans(prepared.columns, {
    resamples: options.resamples,
    seed: options.seed,
    method: options.bootstrap,
    ...(onProgress ? { onProgress } : {}),
  });
  return assembleReport(prepared, means, options);
}
