import { describe, expect, it } from 'vitest';
import { computeReward, DEFAULT_REWARD_CONFIG, type RewardConfig } from '../../src/reward';

// Expected values are worked by hand from DESIGN §4:
// reward = w_q·quality − w_l·latencyMs/latencyRefMs − w_t·(prompt + completion)/tokensRef.
const weighted: RewardConfig = {
  ...DEFAULT_REWARD_CONFIG,
  weights: { quality: 1, latency: 0.1, tokens: 0.1 },
  latencyRefMs: 1000,
  tokensRef: 1000,
};

describe('computeReward', () => {
  it('is the quality under the defaults (weights 1, 0, 0)', () => {
    expect(
      computeReward(
        { quality: 0.86, latencyMs: 1240, promptTokens: 300, success: true },
        DEFAULT_REWARD_CONFIG,
      ),
    ).toBe(0.86);
  });

  it('subtracts weighted latency and tokens in units of their references', () => {
    // 0.86 − 0.1·1240/1000 − 0.1·(300 + 500)/1000 = 0.86 − 0.124 − 0.08 = 0.656
    const reward = computeReward(
      { quality: 0.86, latencyMs: 1240, promptTokens: 300, completionTokens: 500, success: true },
      weighted,
    );
    expect(reward).toBeCloseTo(0.656, 12);
  });

  it('counts missing latency and tokens as 0', () => {
    expect(computeReward({ quality: 0.5 }, weighted)).toBeCloseTo(0.5, 12);
  });

  it('subtracts the floor penalty when quality is strictly under the floor', () => {
    const floored = { ...weighted, qualityFloor: 0.7, floorPenalty: 0.5 };
    // 0.6 − 0.1·0.2 − 0.5 = 0.08
    expect(computeReward({ quality: 0.6, latencyMs: 200 }, floored)).toBeCloseTo(0.08, 12);
    // At the floor there is no penalty: 0.7 − 0.02 = 0.68
    expect(computeReward({ quality: 0.7, latencyMs: 200 }, floored)).toBeCloseTo(0.68, 12);
  });

  it('scores a failed call failureReward, with or without quality', () => {
    const config = { ...weighted, failureReward: -1 };
    expect(computeReward({ success: false, latencyMs: 30_000 }, config)).toBe(-1);
    expect(computeReward({ success: false, quality: 0.9 }, config)).toBe(-1);
    expect(computeReward({ success: false }, DEFAULT_REWARD_CONFIG)).toBe(0);
  });

  it('is null while quality has not arrived and the call did not fail', () => {
    expect(computeReward({ latencyMs: 800, promptTokens: 120, success: true }, weighted)).toBeNull();
    expect(computeReward({}, weighted)).toBeNull();
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_REWARD_CONFIG).toEqual({
      weights: { quality: 1, latency: 0, tokens: 0, cost: 0 },
      latencyRefMs: 1000,
      tokensRef: 1000,
      costRefUsd: 0.01,
      failureReward: 0,
      qualityFloor: null,
      floorPenalty: 0.5,
    });
  });
});
