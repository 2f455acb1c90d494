/** Reward of an outcome (DESIGN §4): quality minus weighted latency and token costs. */
export interface RewardConfig {
  /** Per-unit weights: quality ∈ [0, 1], latency in units of latencyRefMs, tokens in units of tokensRef. */
  weights: { quality: number; latency: number; tokens: number };
  latencyRefMs: number;
  tokensRef: number;
  /** The reward of a failed call (success: false), whatever else was reported. */
  failureReward: number;
  /** Quality strictly below this costs floorPenalty; null for no floor. */
  qualityFloor: number | null;
  floorPenalty: number;
}

export const DEFAULT_REWARD_CONFIG: RewardConfig = Object.freeze({
  weights: Object.freeze({ quality: 1, latency: 0, tokens: 0 }),
  latencyRefMs: 1000,
  tokensRef: 1000,
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
}

/**
 * The reward of a complete-enough outcome, or null when it cannot be computed yet (no quality
 * and success !== false: the judge has not answered). Missing latency/tokens count as 0.
 * success: false ⇒ failureReward.
 */
export function computeReward(outcome: OutcomeFields, config: RewardConfig): number | null {
  if (outcome.success === false) return config.failureReward;
  const { quality } = outcome;
  if (quality === undefined) return null;
  const { weights } = config;
  const tokens = (outcome.promptTokens ?? 0) + (outcome.completionTokens ?? 0);
  let reward =
    weights.quality * quality -
    (weights.latency * (outcome.latencyMs ?? 0)) / config.latencyRefMs -
    (weights.tokens * tokens) / config.tokensRef;
  if (config.qualityFloor !== null && quality < config.qualityFloor) reward -= config.floorPenalty;
  return reward;
}
