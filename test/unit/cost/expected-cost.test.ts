import { describe, expect, it } from 'vitest';
import { expectedCostTerms } from '../../../src/cost/expected-cost';
import { DEFAULT_REWARD_CONFIG, type RewardConfig } from '../../../src/reward';

const routing: RewardConfig = {
  ...DEFAULT_REWARD_CONFIG,
  weights: { quality: 1, latency: 0, tokens: 0, cost: 1 },
  costRefUsd: 0.01,
};
const gpt4 = { inputUsdPerMTok: 10, outputUsdPerMTok: 30 };
const mixtral = { inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.6 };

describe('expected cost terms at decision time', () => {
  it('prices each arm at the pooled mean prompt and its own mean completion (hand computed)', () => {
    const arms = [
      // prompt 100 + 300 over 2 outcomes, completion 1 + 3 over 2
      { promptTokensSum: 400, promptTokensCount: 2, completionTokensSum: 4, completionTokensCount: 2 },
      // prompt 200 over 1, completion 10 over 1
      { promptTokensSum: 200, promptTokensCount: 1, completionTokensSum: 10, completionTokensCount: 1 },
    ];
    const [a, b] = expectedCostTerms([gpt4, mixtral], arms, routing);
    // mean prompt (400 + 200)/3 = 200; gpt4: (200·10 + 2·30)/10⁶ = 0.00206 → /0.01 = 0.206
    expect(a).toBeCloseTo(0.206, 12);
    // mixtral: (200·0.6 + 10·0.6)/10⁶ = 0.000126 → 0.0126
    expect(b).toBeCloseTo(0.0126, 12);
  });

  it("falls back to the arms' pooled completion for an arm never served, and to 0 with nothing known", () => {
    const arms = [
      { promptTokensSum: 100, promptTokensCount: 1, completionTokensSum: 5, completionTokensCount: 1 },
      {},
    ];
    const [, unseen] = expectedCostTerms([gpt4, gpt4], arms, routing);
    // (100·10 + 5·30)/10⁶ = 0.00115 → 0.115
    expect(unseen).toBeCloseTo(0.115, 12);
    expect(expectedCostTerms([gpt4, mixtral], [{}, {}], routing)).toEqual([0, 0]);
  });

  it("takes an unpriced arm's own mean cost, else the pooled mean cost; 0 without a cost weight", () => {
    const arms = [{ costUsdSum: 0.003, costCount: 2 }, {}];
    const [own, pooled] = expectedCostTerms([undefined, undefined], arms, routing);
    expect(own).toBeCloseTo(0.15, 12); // 0.0015 / 0.01
    expect(pooled).toBeCloseTo(0.15, 12);
    expect(expectedCostTerms([gpt4, undefined], arms, DEFAULT_REWARD_CONFIG)).toEqual([0, 0]);
  });
});
