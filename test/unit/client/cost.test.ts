import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costUsd } from '../../../src/client/adapters/tuned-call';

const PRICING = { 'gpt-4o': { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 } };

describe('costUsd (what an adapter reports when it knows the price)', () => {
  it('prices tokens per million: 1M prompt + 100k completion tokens of gpt-4o at $2.50/$10 is $3.50', () => {
    expect(costUsd(PRICING, 'gpt-4o', { promptTokens: 1_000_000, completionTokens: 100_000 })).toBeCloseTo(
      3.5,
      12,
    );
  });

  it('is unknown without a price for the model, or without both token counts', () => {
    expect(costUsd(undefined, 'gpt-4o', { promptTokens: 1, completionTokens: 1 })).toBeUndefined();
    expect(costUsd(PRICING, 'mixtral', { promptTokens: 1, completionTokens: 1 })).toBeUndefined();
    expect(costUsd(PRICING, 'gpt-4o', { promptTokens: 1 })).toBeUndefined();
    expect(costUsd(PRICING, 'gpt-4o', undefined)).toBeUndefined();
  });

  it('never takes a price from the object prototype (a model named constructor or toString)', () => {
    for (const model of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(costUsd(PRICING, model, { promptTokens: 10, completionTokens: 10 })).toBeUndefined();
    }
  });

  it('is additive in the tokens: the cost of two calls is the sum of their costs', () => {
    const tokens = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(tokens, tokens, tokens, tokens, (p1, c1, p2, c2) => {
        const sum =
          costUsd(PRICING, 'gpt-4o', { promptTokens: p1, completionTokens: c1 })! +
          costUsd(PRICING, 'gpt-4o', { promptTokens: p2, completionTokens: c2 })!;
        const joint = costUsd(PRICING, 'gpt-4o', { promptTokens: p1 + p2, completionTokens: c1 + c2 })!;
        expect(joint).toBeCloseTo(sum, 9);
      }),
    );
  });
});
