import type { ModelPrice } from '../contract/pricing';
import { DEFAULT_COST_REF_USD, type RewardConfig } from '../reward';
import { tokenCostUsd } from './outcome-cost';

/** weights.cost · costUsd / costRefUsd: what a call's cost takes off its reward. */
export function costTerm(costUsd: number, config: RewardConfig): number {
  return ((config.weights.cost ?? 0) * costUsd) / (config.costRefUsd ?? DEFAULT_COST_REF_USD);
}

/**
 * The reward with its cost term added back: what a policy that prices arms at decision time
 * learns (`costModel: 'priced'`). The price is known, so it need not be learned through
 * noisy rewards; only quality (and latency, tokens) is.
 */
export function rewardBeforeCost(reward: number, costUsd: number, config: RewardConfig): number {
  return reward + costTerm(costUsd, config);
}

/**
 * The cost term an arm is expected to take off a request's reward: its price × the request's
 * prompt tokens (the same whatever arm serves it) and the arm's expected completion tokens.
 */
export function expectedCostTerm(
  price: ModelPrice,
  promptTokens: number,
  expectedCompletionTokens: number,
  config: RewardConfig,
): number {
  return costTerm(tokenCostUsd(price, promptTokens, expectedCompletionTokens), config);
}

/** The same reward settings with the cost term dropped: scores an outcome's reward before its cost. */
export function withoutCost<C extends RewardConfig>(config: C): C {
  return { ...config, weights: { ...config.weights, cost: 0 } };
}
