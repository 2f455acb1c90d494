import type { ModelPrice, RewardDefaults } from './contract/pricing';
import { outcomeCostUsd } from './cost/outcome-cost';

/** Reward of an outcome (DESIGN §4, API.md "Cost"): quality minus weighted latency, tokens and cost. */
export interface RewardConfig {
  /**
   * Per-unit weights: quality ∈ [0, 1], latency in units of latencyRefMs, tokens in units of
   * tokensRef, cost in units of costRefUsd (absent = 0).
   */
  weights: { quality: number; latency: number; tokens: number; cost?: number };
  latencyRefMs: number;
  tokensRef: number;
  /** USD that weighs as much as one quality point at weights.cost = 1; absent = 0.01 */
  costRefUsd?: number;
  /** The reward of a failed call (success: false), before its cost. */
  failureReward: number;
  /** Quality strictly below this costs floorPenalty; null for no floor. */
  qualityFloor: number | null;
  floorPenalty: number;
  /** What a part not reported by rewardWaitMs is taken to be (API.md "Cost"). */
  defaults?: RewardDefaults;
  /** First-release alias of defaults.quality; defaults.quality wins when both are set. */
  defaultQuality?: number | null;
}

export const DEFAULT_COST_REF_USD = 0.01;

/**
 * The rewards a call can get from quality, failure and the floor alone, [worst, best]:
 * latency, tokens and cost only lower a reward, without a bound the config fixes.
 */
export function rewardSpan(
  config: Pick<RewardConfig, 'weights' | 'failureReward' | 'qualityFloor' | 'floorPenalty'>,
): [number, number] {
  const best = Math.max(config.weights.quality, config.failureReward);
  const worst = Math.min(0, config.failureReward) - (config.qualityFloor === null ? 0 : config.floorPenalty);
  return [worst, best];
}

export const DEFAULT_REWARD_CONFIG: RewardConfig = Object.freeze({
  weights: Object.freeze({ quality: 1, latency: 0, tokens: 0, cost: 0 }),
  latencyRefMs: 1000,
  tokensRef: 1000,
  costRefUsd: DEFAULT_COST_REF_USD,
  failureReward: 0,
  qualityFloor: null,
  floorPenalty: 0.5,
});

export interface OutcomeFields {
  quality?: number;
  latencyMs?: number;
  promptTokens?: number;
  completionTokens?: number;
  success?: boolean;
  /** what the call cost, when the caller knows it (else priced from the tokens) */
  costUsd?: number;
}

/**
 * The reward formula over known values, missing ones counting as 0 (weights make them matter).
 * success: false ⇒ failureReward minus the call's cost.
 */
function rewardOf(outcome: OutcomeFields, costUsd: number | null, config: RewardConfig): number {
  const costTerm =
    ((config.weights.cost ?? 0) * (costUsd ?? 0)) / (config.costRefUsd ?? DEFAULT_COST_REF_USD);
  if (outcome.success === false) return config.failureReward - costTerm;
  const { weights } = config;
  const quality = outcome.quality ?? 0;
  const tokens = (outcome.promptTokens ?? 0) + (outcome.completionTokens ?? 0);
  let reward =
    weights.quality * quality -
    (weights.latency * (outcome.latencyMs ?? 0)) / config.latencyRefMs -
    (weights.tokens * tokens) / config.tokensRef -
    costTerm;
  if (config.qualityFloor !== null && quality < config.qualityFloor) reward -= config.floorPenalty;
  return reward;
}

/**
 * First-release rule (DESIGN §4): computed once quality arrives (or the call failed); missing
 * latency/tokens count as 0. With a cost weight, the cost is priced from `price` when known.
 * Wave 2 replaces its callers with `readyReward` / `rewardAtWait`.
 */
export function computeReward(
  outcome: OutcomeFields,
  config: RewardConfig,
  price?: ModelPrice,
): number | null {
  if (outcome.success !== false && outcome.quality === undefined) return null;
  return rewardOf(outcome, outcomeCostUsd(outcome, price), config);
}

/** The parts of a reward that can each arrive on their own. */
export type RewardPart = 'quality' | 'latency' | 'tokens' | 'cost';

/** The parts this config's reward depends on: those with a non-zero weight (and quality under a floor). */
export function weightedParts(config: RewardConfig): RewardPart[] {
  const { weights } = config;
  const parts: RewardPart[] = [];
  if (weights.quality !== 0 || config.qualityFloor !== null) parts.push('quality');
  if (weights.latency !== 0) parts.push('latency');
  if (weights.tokens !== 0) parts.push('tokens');
  if ((weights.cost ?? 0) !== 0) parts.push('cost');
  return parts;
}

/** Which weighted parts the outcome does not settle yet. A failed call needs only its cost. */
export function missingParts(
  outcome: OutcomeFields,
  config: RewardConfig,
  price: ModelPrice | undefined,
): RewardPart[] {
  const known: Record<RewardPart, boolean> = {
    quality: outcome.quality !== undefined,
    latency: outcome.latencyMs !== undefined,
    tokens: outcome.promptTokens !== undefined && outcome.completionTokens !== undefined,
    cost: outcomeCostUsd(outcome, price) !== null,
  };
  const parts = weightedParts(config);
  if (outcome.success === false) return parts.filter((p) => p === 'cost' && !known.cost);
  return parts.filter((p) => !known[p]);
}

/**
 * The reward once every part with a non-zero weight is known (API.md "Cost", replacing
 * "when quality arrives"); null while one is missing.
 */
export function readyReward(
  outcome: OutcomeFields,
  config: RewardConfig,
  price: ModelPrice | undefined,
): number | null {
  if (missingParts(outcome, config, price).length > 0) return null;
  return rewardOf(outcome, outcomeCostUsd(outcome, price), config);
}

/** `reward.defaults` with the first-release `defaultQuality` folded in as defaults.quality. */
export function rewardDefaults(config: RewardConfig): RewardDefaults {
  const defaults = { ...(config.defaults ?? {}) };
  if (defaults.quality === undefined && config.defaultQuality != null)
    defaults.quality = config.defaultQuality;
  return defaults;
}

/**
 * The reward at `rewardWaitMs`: each missing field takes its default, then the ready rule
 * applies; a part with neither value nor default leaves it null (counted as missing). A
 * decision with no outcome at all stays missing too (DESIGN §8): the call may never have run.
 */
export function rewardAtWait(
  outcome: OutcomeFields,
  config: RewardConfig,
  price: ModelPrice | undefined,
): number | null {
  if (Object.values(outcome).every((v) => v === undefined)) return null;
  const defaults = rewardDefaults(config);
  const filled: OutcomeFields = { ...outcome };
  for (const key of ['quality', 'latencyMs', 'promptTokens', 'completionTokens'] as const) {
    if (filled[key] === undefined && defaults[key] !== undefined) filled[key] = defaults[key];
  }
  return readyReward(filled, config, price);
}
