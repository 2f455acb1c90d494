import { describe, expect, it } from 'vitest';
import {
  addToHistogram,
  detectDrift,
  emptyHistogram,
  type Histogram,
  jsDivergenceBits,
  linearEdges,
} from '../../../src/rollout/drift';

describe('Jensen–Shannon divergence (bits), against hand-computed values', () => {
  it('is 0 for identical distributions, whatever their scale', () => {
    expect(jsDivergenceBits([1, 2, 3], [10, 20, 30])).toBeCloseTo(0, 15);
  });

  it('is 1 bit for disjoint supports', () => {
    expect(jsDivergenceBits([1, 0], [0, 1])).toBe(1);
    expect(jsDivergenceBits([5, 5, 0, 0], [0, 0, 3, 1])).toBe(1);
  });

  it('is 0.311278 bits for (½, ½) vs (1, 0)', () => {
    // M = (¾, ¼); KL(P‖M) = ½log₂(⅔) + ½log₂2 = 0.207519; KL(Q‖M) = log₂(4/3) = 0.415037; JS = mean = 0.311278.
    expect(jsDivergenceBits([1, 1], [1, 0])).toBeCloseTo(0.311278, 6);
  });

  it('is symmetric', () => {
    expect(jsDivergenceBits([1, 3, 5], [2, 2, 1])).toBeCloseTo(jsDivergenceBits([2, 2, 1], [1, 3, 5]), 15);
  });
});

describe('histograms', () => {
  it('bin by fixed edges with underflow and overflow bins', () => {
    const h = [-1, 0, 0.5, 0.99, 1, 7].reduce(addToHistogram, emptyHistogram(linearEdges(0, 1, 2)));
    // edges 0, 0.5, 1 ⇒ bins (-∞,0) [0,0.5) [0.5,1) [1,∞)
    expect(h.counts).toEqual([1, 1, 2, 2]);
  });
});

describe('detectDrift', () => {
  const edges = linearEdges(0, 10, 10);
  const histogram = (values: number[]): Histogram => values.reduce(addToHistogram, emptyHistogram(edges));
  const uniform = (n: number, from: number, to: number) =>
    Array.from({ length: n }, (_, i) => from + ((to - from) * (i + 0.5)) / n);

  it('flags the feature whose distribution moved, naming it and its divergence', () => {
    const reference = {
      promptTokens: histogram(uniform(1000, 0, 5)),
      riskTier: histogram(uniform(1000, 0, 10)),
    };
    const recent = {
      promptTokens: histogram(uniform(1000, 5, 10)),
      riskTier: histogram(uniform(1000, 0, 10)),
    };
    const result = detectDrift(reference, recent, 0.1, 500);
    expect(result.verdict).toBe('drift');
    expect(result.worst?.feature).toBe('promptTokens');
    expect(result.worst?.divergenceBits).toBeCloseTo(1, 12); // disjoint supports
    expect(result.reason).toContain('promptTokens');
  });

  it('stays ok under the threshold and is inconclusive below the sample minimum', () => {
    const reference = { x: histogram(uniform(1000, 0, 10)) };
    expect(detectDrift(reference, { x: histogram(uniform(1000, 0, 10)) }, 0.1, 500).verdict).toBe('ok');
    const few = detectDrift(reference, { x: histogram(uniform(10, 5, 10)) }, 0.1, 500);
    expect(few.verdict).toBe('inconclusive');
    expect(few.reason).toContain('too few values');
  });
});
