import { EMPTY_STATS, type GaussianStats } from '../bandit/gaussian-stats';
import { addWeightedObservation } from './weighted-stats';

/** One offline outcome already scored with the task type's reward (src/reward.ts). */
export interface WarmStartReward {
  armId: string;
  reward: number;
}

export interface WarmStartResult {
  /** the arms' reward statistics with the offline outcomes folded in */
  stats: Record<string, GaussianStats>;
  /** outcomes applied per arm (API.md: `perArm`), counted whole, not weighted */
  perArm: Record<string, number>;
  applied: number;
}

/**
 * Folds offline outcomes into the statistics the policy draws from (API.md "Warm start"), each
 * counted with `weight` ∈ (0, 1]. Only the posterior's statistics change: the outcomes are never
 * logged, so propensities and off-policy estimates stay those of live traffic. Every arm id must
 * be one of `armIds` (the route answers 422 for the whole batch otherwise); this throws if not.
 */
export function foldWarmStart(
  stats: Readonly<Record<string, GaussianStats>>,
  armIds: readonly string[],
  outcomes: readonly WarmStartReward[],
  weight: number,
): WarmStartResult {
  if (!(weight > 0 && weight <= 1))
    throw new RangeError(`foldWarmStart: weight must be in (0, 1], got ${weight}`);
  const known = new Set(armIds);
  const next: Record<string, GaussianStats> = {};
  for (const id of armIds) if (Object.hasOwn(stats, id)) next[id] = stats[id]!;
  const perArm: Record<string, number> = {};
  for (const { armId, reward } of outcomes) {
    if (!known.has(armId)) throw new RangeError(`foldWarmStart: unknown arm '${armId}'`);
    next[armId] = addWeightedObservation(next[armId] ?? EMPTY_STATS, reward, weight);
    perArm[armId] = (perArm[armId] ?? 0) + 1;
  }
  return { stats: next, perArm, applied: outcomes.length };
}
