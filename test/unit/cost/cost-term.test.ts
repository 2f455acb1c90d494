import { describe, expect, it } from 'vitest';
import { costTerm, expectedCostTerm, rewardBeforeCost } from '../../../src/cost/cost-term';
import { DEFAULT_REWARD_CONFIG, type RewardConfig, readyReward } from '../../../src/reward';

const routing: RewardConfig = {
  ...DEFAULT_REWARD_CONFIG,
  weights: { quality: 1, latency: 0, tokens: 0, cost: 1 },
  costRefUsd: 0.01,
};
const gpt4 = { inputUsdPerMTok: 10, outputUsdPerMTok: 30 };

describe('cost terms', () => {
  it('is weights.cost · cost / costRefUsd, 0 without a cost weight', () => {
    expect(costTerm(0.002, routing)).toBeCloseTo(0.2, 12);
    expect(costTerm(0.002, DEFAULT_REWARD_CONFIG)).toBe(0);
  });

  it('adds the cost term back to a reward: the quality part is left', () => {
    const outcome = { quality: 1, promptTokens: 61, completionTokens: 1 };
    const reward = readyReward(outcome, routing, gpt4)!;
    // cost 0.00064 → reward 0.936 → before cost 1
    expect(rewardBeforeCost(reward, 0.00064, routing)).toBeCloseTo(1, 12);
  });

  it("prices a request's expected cost from its prompt and the arm's expected completion", () => {
    // (307·10 + 1·30)/10⁶ = 0.0031 → /0.01 = 0.31
    expect(expectedCostTerm(gpt4, 307, 1, routing)).toBeCloseTo(0.31, 12);
  });
});
