import { addObservation, EMPTY_STATS, type GaussianStats } from '../bandit/gaussian-stats';
import { meanInterval, type NigPrior, nigPosterior } from '../bandit/nig-posterior';
import { addToSketch, emptySketch, type Sketch, sketchQuantile } from '../common/ddsketch';
import { type SketchJson, sketchFromJson, sketchToJson } from '../common/sketch-json';
import type { OutcomeFields } from '../reward';

/**
 * What a task type knows about one arm. Every figure is a sum or a mergeable
 * statistic, so shards of a hot task type can add theirs into a coordinator.
 */
export interface ArmStats {
  /** times the arm was served */
  pulls: number;
  /** rewards observed: the posterior's sufficient statistics */
  reward: GaussianStats;
  qualitySum: number;
  qualityCount: number;
  latencyMsSum: number;
  latencyCount: number;
  /** prompt + completion tokens of outcomes that reported them */
  tokensSum: number;
  tokensCount: number;
  failures: number;
  successCount: number;
  /** latency sketch (DDSketch, 1 % relative accuracy), stored compactly; absent until a latency arrives */
  latency?: SketchJson;
  /** Σ costUsd and how many outcomes carried one (absent in stats stored before costs existed) */
  costUsdSum?: number;
  costCount?: number;
  /** Σ completion tokens and their count: an arm's expected completion prices it at decision time */
  completionTokensSum?: number;
  completionTokensCount?: number;
  /** Σ prompt tokens and their count: the task type's mean prompt prices an arm at decision time */
  promptTokensSum?: number;
  promptTokensCount?: number;
  /**
   * The rewards before their cost term (`costModel: 'priced'` draws from these), learned beside
   * `reward` whatever the policy, so switching the option needs no reset. Absent in stats stored
   * before it existed.
   */
  rewardBeforeCost?: GaussianStats;
}

export const EMPTY_ARM_STATS: ArmStats = {
  pulls: 0,
  reward: EMPTY_STATS,
  qualitySum: 0,
  qualityCount: 0,
  latencyMsSum: 0,
  latencyCount: 0,
  tokensSum: 0,
  tokensCount: 0,
  failures: 0,
  successCount: 0,
};

export function countPull(stats: ArmStats): ArmStats {
  return { ...stats, pulls: stats.pulls + 1 };
}

/** Folds the fields an outcome part newly set (never a field twice) into the arm's figures. */
export function addOutcomeFields(stats: ArmStats, added: OutcomeFields): ArmStats {
  const next = { ...stats };
  if (added.quality !== undefined) {
    next.qualitySum += added.quality;
    next.qualityCount += 1;
  }
  if (added.latencyMs !== undefined) {
    next.latencyMsSum += added.latencyMs;
    next.latencyCount += 1;
    next.latency = sketchToJson(addToSketch(latencySketch(stats), added.latencyMs));
  }
  if (added.promptTokens !== undefined || added.completionTokens !== undefined) {
    next.tokensSum += (added.promptTokens ?? 0) + (added.completionTokens ?? 0);
    next.tokensCount += 1;
  }
  if (added.costUsd !== undefined) {
    next.costUsdSum = (stats.costUsdSum ?? 0) + added.costUsd;
    next.costCount = (stats.costCount ?? 0) + 1;
  }
  if (added.promptTokens !== undefined) {
    next.promptTokensSum = (stats.promptTokensSum ?? 0) + added.promptTokens;
    next.promptTokensCount = (stats.promptTokensCount ?? 0) + 1;
  }
  if (added.completionTokens !== undefined) {
    next.completionTokensSum = (stats.completionTokensSum ?? 0) + added.completionTokens;
    next.completionTokensCount = (stats.completionTokensCount ?? 0) + 1;
  }
  if (added.success === false) next.failures += 1;
  if (added.success === true) next.successCount += 1;
  return next;
}

/** Learns one reward and, when known, the same outcome's reward before its cost term. */
export function addReward(stats: ArmStats, reward: number, beforeCost?: number): ArmStats {
  const next = { ...stats, reward: addObservation(stats.reward, reward) };
  if (beforeCost === undefined) return next;
  return { ...next, rewardBeforeCost: addObservation(stats.rewardBeforeCost ?? EMPTY_STATS, beforeCost) };
}

/** The per-arm figures of the task type status (API.md "Task types"). */
export interface ArmSummary {
  armId: string;
  pulls: number;
  rewards: number;
  meanReward: { mean: number; low: number; high: number } | null;
  meanQuality: number | null;
  meanLatencyMs: number | null;
  /** from the arm's latency sketch (relative error ≤ 1 %) */
  latencyP99Ms: number | null;
  meanTokens: number | null;
  /** Σtokens / Σquality; null until quality is known */
  tokensPerQualityPoint: number | null;
  errorRate: number | null;
  /** mean costUsd of the arm's outcomes that carried or priced one (API.md "Cost") */
  meanCostUsd: number | null;
}

export function summarizeArm(armId: string, stats: ArmStats, prior: NigPrior): ArmSummary {
  const ratio = (num: number, den: number) => (den > 0 ? num / den : null);
  return {
    armId,
    pulls: stats.pulls,
    rewards: stats.reward.n,
    meanReward: stats.reward.n > 0 ? meanInterval(nigPosterior(stats.reward, prior), 0.95) : null,
    meanQuality: ratio(stats.qualitySum, stats.qualityCount),
    meanLatencyMs: ratio(stats.latencyMsSum, stats.latencyCount),
    latencyP99Ms: stats.latency ? sketchQuantile(latencySketch(stats), 0.99) : null,
    meanTokens: ratio(stats.tokensSum, stats.tokensCount),
    tokensPerQualityPoint: stats.qualitySum > 0 ? stats.tokensSum / stats.qualitySum : null,
    errorRate: ratio(stats.failures, stats.failures + stats.successCount),
    meanCostUsd: ratio(stats.costUsdSum ?? 0, stats.costCount ?? 0),
  };
}

function latencySketch(stats: ArmStats): Sketch {
  const parsed = stats.latency ? sketchFromJson(stats.latency) : null;
  return parsed?.ok ? parsed.sketch : emptySketch();
}

/** Each arm's tokens-per-quality-point over the baseline's (the bar: ≤ 1.05). */
export function withCostVersusBaseline(arms: ArmSummary[], baselineArmId: string) {
  const baseline = arms.find((a) => a.armId === baselineArmId)?.tokensPerQualityPoint ?? null;
  return arms.map((a) => ({
    ...a,
    tokensPerQualityPointVsBaseline:
      a.tokensPerQualityPoint !== null && baseline !== null && baseline > 0
        ? a.tokensPerQualityPoint / baseline
        : null,
  }));
}
