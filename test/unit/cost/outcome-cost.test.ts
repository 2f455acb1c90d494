import { describe, expect, it } from 'vitest';
import { Pricing, RewardDefaults } from '../../../src/contract/pricing';
import { outcomeCostUsd, priceOfModel, tokenCostUsd } from '../../../src/cost/outcome-cost';
import { unpricedModelViolations } from '../../../src/cost/unpriced-models';

// The routing fixture's prices (test/fixtures/routing/README.md), USD per million tokens.
const gpt4 = { inputUsdPerMTok: 10, outputUsdPerMTok: 30 };
const mixtral = { inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.6 };

describe('tokenCostUsd', () => {
  it('prices prompt and completion tokens per million', () => {
    // (61·10 + 1·30)/10⁶ = 640/10⁶
    expect(tokenCostUsd(gpt4, 61, 1)).toBeCloseTo(0.00064, 15);
    // (61·0.6 + 1·0.6)/10⁶ = 37.2/10⁶
    expect(tokenCostUsd(mixtral, 61, 1)).toBeCloseTo(0.0000372, 15);
    // 1,000 prompt + 500 completion at 10/30: 0.01 + 0.015
    expect(tokenCostUsd(gpt4, 1000, 500)).toBeCloseTo(0.025, 15);
  });
});

describe('outcomeCostUsd', () => {
  it('takes the reported costUsd over the tokens, even without a price', () => {
    expect(outcomeCostUsd({ costUsd: 0.002, promptTokens: 1000, completionTokens: 500 }, gpt4)).toBe(0.002);
    expect(outcomeCostUsd({ costUsd: 0 }, undefined)).toBe(0);
  });

  it('is unknown until both token counts are known', () => {
    expect(outcomeCostUsd({ promptTokens: 1000 }, gpt4)).toBeNull();
    expect(outcomeCostUsd({ completionTokens: 500, success: true }, gpt4)).toBeNull();
    expect(outcomeCostUsd({ promptTokens: 1000, completionTokens: 500 }, gpt4)).toBeCloseTo(0.025, 15);
  });

  it('charges a failed call what its tokens say, 0 for a count not reported', () => {
    // 1,000 prompt tokens at $10/M = $0.01, no completion
    expect(outcomeCostUsd({ success: false, promptTokens: 1000 }, gpt4)).toBeCloseTo(0.01, 15);
    expect(outcomeCostUsd({ success: false }, gpt4)).toBe(0);
  });

  it('is unknown for an unpriced model without costUsd', () => {
    expect(outcomeCostUsd({ promptTokens: 1, completionTokens: 1 }, undefined)).toBeNull();
  });
});

describe('priceOfModel', () => {
  it('finds only models the pricing lists, never Object.prototype members', () => {
    expect(priceOfModel({ 'gpt-4-1106-preview': gpt4 }, 'gpt-4-1106-preview')).toEqual(gpt4);
    expect(priceOfModel({}, 'constructor')).toBeUndefined();
    expect(priceOfModel(undefined, 'gpt-4')).toBeUndefined();
  });
});

describe('unpricedModelViolations', () => {
  const arms = [
    { id: 'gpt4', params: { model: 'gpt-4-1106-preview' } },
    { id: 'mixtral', params: { model: 'mixtral-8x7b-instruct' } },
  ];

  it('names every arm whose model is unpriced when cost is weighted', () => {
    const violations = unpricedModelViolations({
      arms,
      pricing: { 'gpt-4-1106-preview': gpt4 },
      reward: { weights: { cost: 1 } },
    });
    expect(violations).toHaveLength(1);
    expect(violations[0]!.path).toBe('/arms/1/params/model');
    expect(violations[0]!.value).toBe('mixtral-8x7b-instruct');
    expect(violations[0]!.message).toContain("'mixtral'");
    expect(violations[0]!.message).toContain('mixtral-8x7b-instruct');
  });

  it('asks nothing when cost has no weight, and nothing more once all are priced', () => {
    expect(unpricedModelViolations({ arms, reward: { weights: { cost: 0 } } })).toEqual([]);
    expect(unpricedModelViolations({ arms, reward: { weights: {} } })).toEqual([]);
    expect(
      unpricedModelViolations({
        arms,
        pricing: { 'gpt-4-1106-preview': gpt4, 'mixtral-8x7b-instruct': mixtral },
        reward: { weights: { cost: 2 } },
      }),
    ).toEqual([]);
  });
});

describe('pricing schemas', () => {
  it('accepts the API.md shape and refuses negative or unknown fields', () => {
    expect(Pricing.safeParse({ 'gpt-4o': { inputUsdPerMTok: 10, outputUsdPerMTok: 30 } }).success).toBe(true);
    expect(Pricing.safeParse({ m: { inputUsdPerMTok: -1, outputUsdPerMTok: 30 } }).success).toBe(false);
    expect(Pricing.safeParse({ m: { inputUsdPerMTok: 1, outputUsdPerMTok: 1, extra: 1 } }).success).toBe(
      false,
    );
    expect(RewardDefaults.safeParse({ quality: 1.5 }).success).toBe(false);
    expect(RewardDefaults.safeParse({ quality: 0.5, promptTokens: 100 }).success).toBe(true);
  });
});
