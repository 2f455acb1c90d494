import { describe, expect, it } from 'vitest';
import {
  computeReward,
  DEFAULT_REWARD_CONFIG,
  missingParts,
  type RewardConfig,
  readyReward,
  rewardAtWait,
  rewardDefaults,
} from '../../../src/reward';

const gpt4 = { inputUsdPerMTok: 10, outputUsdPerMTok: 30 };

// The routing benchmark's reward (DESIGN §11): correct − cost / $0.01.
const routing: RewardConfig = {
  ...DEFAULT_REWARD_CONFIG,
  weights: { quality: 1, latency: 0, tokens: 0, cost: 1 },
  costRefUsd: 0.01,
};

describe('the cost term of the reward', () => {
  it('subtracts weights.cost · cost / costRefUsd, cost priced from tokens', () => {
    // cost = (61·10 + 1·30)/10⁶ = 0.00064; reward = 1 − 0.00064/0.01 = 0.936
    const r = readyReward({ quality: 1, promptTokens: 61, completionTokens: 1 }, routing, gpt4);
    expect(r).toBeCloseTo(0.936, 12);
  });

  it('uses the reported costUsd and the configured weight and reference', () => {
    const config = { ...routing, weights: { ...routing.weights, cost: 0.5 }, costRefUsd: 0.02 };
    // 0.8 − 0.5·0.004/0.02 = 0.8 − 0.1 = 0.7
    expect(readyReward({ quality: 0.8, costUsd: 0.004 }, config, undefined)).toBeCloseTo(0.7, 12);
  });

  it('defaults costRefUsd to 0.01 when the config leaves it out', () => {
    const { costRefUsd: _omit, ...config } = routing;
    expect(readyReward({ quality: 1, costUsd: 0.005 }, config, undefined)).toBeCloseTo(0.5, 12);
  });

  it('charges a failed call its cost on top of failureReward', () => {
    const config = { ...routing, failureReward: -0.2 };
    // −0.2 − (1000·10/10⁶)/0.01 = −0.2 − 1 = −1.2
    expect(readyReward({ success: false, promptTokens: 1000 }, config, gpt4)).toBeCloseTo(-1.2, 12);
    expect(computeReward({ success: false, promptTokens: 1000 }, config, gpt4)).toBeCloseTo(-1.2, 12);
  });

  it('leaves a zero-weight cost out, as before', () => {
    expect(readyReward({ quality: 0.9 }, DEFAULT_REWARD_CONFIG, undefined)).toBe(0.9);
  });
});

describe('when the reward is ready', () => {
  const all: RewardConfig = {
    ...routing,
    weights: { quality: 1, latency: 0.1, tokens: 0.1, cost: 1 },
  };

  it('waits for every part with a non-zero weight', () => {
    expect(missingParts({}, all, gpt4)).toEqual(['quality', 'latency', 'tokens', 'cost']);
    expect(missingParts({ quality: 1, promptTokens: 10 }, all, gpt4)).toEqual(['latency', 'tokens', 'cost']);
    expect(readyReward({ quality: 1, latencyMs: 500, promptTokens: 10 }, all, gpt4)).toBeNull();
    // 1 − 0.1·500/1000 − 0.1·20/1000 − (10·10 + 10·30)/10⁶/0.01 = 1 − 0.05 − 0.002 − 0.04 = 0.908
    const r = readyReward({ quality: 1, latencyMs: 500, promptTokens: 10, completionTokens: 10 }, all, gpt4);
    expect(r).toBeCloseTo(0.908, 12);
  });

  it('does not wait for quality when only cost is weighted', () => {
    const costOnly = { ...routing, weights: { quality: 0, latency: 0, tokens: 0, cost: 1 } };
    expect(missingParts({ costUsd: 0.001 }, costOnly, undefined)).toEqual([]);
    expect(readyReward({ costUsd: 0.001 }, costOnly, undefined)).toBeCloseTo(-0.1, 12);
  });

  it('needs quality under a quality floor even at zero quality weight', () => {
    const floored = { ...routing, weights: { quality: 0, latency: 0, tokens: 0 }, qualityFloor: 0.7 };
    expect(missingParts({ latencyMs: 1 }, floored, undefined)).toEqual(['quality']);
  });

  it('is ready for a failed call once its cost is known', () => {
    expect(missingParts({ success: false }, all, gpt4)).toEqual([]);
    expect(missingParts({ success: false }, all, undefined)).toEqual(['cost']);
  });
});

describe('the reward at rewardWaitMs', () => {
  it('fills missing parts from reward.defaults', () => {
    const config: RewardConfig = { ...routing, defaults: { quality: 0.5, completionTokens: 1 } };
    // quality 0.5, cost (61·10 + 1·30)/10⁶ = 0.00064 → 0.5 − 0.064 = 0.436
    expect(rewardAtWait({ promptTokens: 61 }, config, gpt4)).toBeCloseTo(0.436, 12);
    // a reported value is never replaced by its default
    expect(rewardAtWait({ quality: 1, promptTokens: 61 }, config, gpt4)).toBeCloseTo(0.936, 12);
  });

  it('stays null when a part has neither value nor default', () => {
    const config: RewardConfig = { ...routing, defaults: { quality: 0.5 } };
    expect(rewardAtWait({ promptTokens: 61 }, config, gpt4)).toBeNull();
  });

  it('stays null for a decision with no outcome at all', () => {
    const config: RewardConfig = {
      ...routing,
      defaults: { quality: 0.5, promptTokens: 1, completionTokens: 1 },
    };
    expect(rewardAtWait({}, config, gpt4)).toBeNull();
  });

  it('reads defaultQuality as an alias of defaults.quality, defaults.quality winning', () => {
    expect(rewardDefaults({ ...DEFAULT_REWARD_CONFIG, defaultQuality: 0.3 })).toEqual({ quality: 0.3 });
    expect(
      rewardDefaults({ ...DEFAULT_REWARD_CONFIG, defaultQuality: 0.3, defaults: { quality: 0.6 } }),
    ).toEqual({ quality: 0.6 });
    expect(
      rewardAtWait({ latencyMs: 10 }, { ...DEFAULT_REWARD_CONFIG, defaultQuality: 0.3 }, undefined),
    ).toBe(0.3);
  });
});
