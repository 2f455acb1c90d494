import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addObservation,
  discountStats,
  EMPTY_STATS,
  type GaussianStats,
  mergeStats,
  variance,
} from '../../../src/bandit/gaussian-stats';
import { sampleMoments } from './moments';

const fold = (xs: number[]): GaussianStats => xs.reduce(addObservation, EMPTY_STATS);
const rewards = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 0, maxLength: 60 });
const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, scale);

describe('Welford statistics', () => {
  it('equal a direct two-pass mean and variance (source: the definitions)', () => {
    fc.assert(
      fc.property(rewards, (xs) => {
        const s = fold(xs);
        expect(s.n).toBe(xs.length);
        if (xs.length === 0) return;
        const direct = sampleMoments(xs);
        expect(close(s.mean, direct.mean, 1000)).toBe(true);
        if (xs.length >= 2) expect(close(variance(s), direct.variance, 1e6)).toBe(true);
      }),
    );
  });

  it('keep the spread of rewards far from zero, where Σr² − (Σr)²/n loses it to cancellation', () => {
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    // Two-pass by hand: mean 1e9 + 10, deviations −6, −3, 3, 6 ⇒ M2 = 90, variance 30.
    expect(variance(fold(xs))).toBeCloseTo(30, 9);
  });

  it('report variance 0 below two observations', () => {
    expect(variance(EMPTY_STATS)).toBe(0);
    expect(variance(addObservation(EMPTY_STATS, 5))).toBe(0);
  });

  it('leave their input untouched and refuse non-finite rewards', () => {
    const s = fold([1, 2]);
    addObservation(s, 3);
    expect(s).toEqual({ n: 2, mean: 1.5, m2: 0.5 });
    expect(() => addObservation(s, Number.NaN)).toThrow(RangeError);
  });
});

describe("Chan's merge", () => {
  it('of any split into shards equals the one-pass statistics', () => {
    fc.assert(
      fc.property(rewards, fc.array(fc.nat(), { maxLength: 5 }), (xs, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (xs.length + 1)))].sort((a, b) => a - b);
        const bounds = [0, ...points, xs.length];
        let merged = EMPTY_STATS;
        for (let i = 0; i + 1 < bounds.length; i++)
          merged = mergeStats(merged, fold(xs.slice(bounds[i], bounds[i + 1])));
        const whole = fold(xs);
        expect(merged.n).toBe(whole.n);
        expect(close(merged.mean, whole.mean, 1000)).toBe(true);
        expect(close(merged.m2, whole.m2, Math.max(1e6, whole.m2))).toBe(true);
      }),
    );
  });

  it('treats the empty statistics as its identity', () => {
    const s = fold([0.2, 0.4, 0.9]);
    expect(mergeStats(EMPTY_STATS, s)).toEqual(s);
    expect(mergeStats(s, EMPTY_STATS)).toEqual(s);
    expect(mergeStats(EMPTY_STATS, EMPTY_STATS)).toEqual(EMPTY_STATS);
  });
});

describe('discountStats', () => {
  it('scales the evidence by γ and keeps the mean', () => {
    expect(discountStats({ n: 10, mean: 0.5, m2: 2 }, 0.9)).toEqual({ n: 9, mean: 0.5, m2: 1.8 });
    expect(() => discountStats(EMPTY_STATS, 0)).toThrow(RangeError);
  });
});
