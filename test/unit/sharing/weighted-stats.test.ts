import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addObservation, EMPTY_STATS, type GaussianStats } from '../../../src/bandit/gaussian-stats';
import { addWeightedObservation, capEffectiveCount } from '../../../src/sharing/weighted-stats';

/** Weighted n, mean and M2 straight from their definitions (no running update). */
function direct(xs: number[], ws: number[]): GaussianStats {
  const n = ws.reduce((s, w) => s + w, 0);
  const mean = xs.reduce((s, x, i) => s + ws[i]! * x, 0) / n;
  const m2 = xs.reduce((s, x, i) => s + ws[i]! * (x - mean) ** 2, 0);
  return { n, mean, m2 };
}

const value = fc.double({ min: -5, max: 5, noNaN: true });
const weight = fc.double({ min: 0.01, max: 1, noNaN: true });

describe('addWeightedObservation', () => {
  it('is Welford exactly at weight 1', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 30 }), (xs) => {
        let a = EMPTY_STATS;
        let b = EMPTY_STATS;
        for (const x of xs) {
          a = addObservation(a, x);
          b = addWeightedObservation(b, x, 1);
        }
        expect(b.n).toBe(a.n);
        expect(b.mean).toBeCloseTo(a.mean, 12);
        expect(b.m2).toBeCloseTo(a.m2, 10);
      }),
    );
  });

  it('gives the weighted count, mean and sum of squares of the definitions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, weight), { minLength: 1, maxLength: 30 }), (pairs) => {
        let s = EMPTY_STATS;
        for (const [x, w] of pairs) s = addWeightedObservation(s, x, w);
        const d = direct(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        );
        expect(s.n).toBeCloseTo(d.n, 10);
        expect(s.mean).toBeCloseTo(d.mean, 9);
        expect(s.m2).toBeCloseTo(d.m2, 8);
      }),
    );
  });

  it('worked by hand: 1 at weight 0.5 then 0 at weight 0.5', () => {
    // n = 1, mean = 0.5, M2 = 0.5·0.25 + 0.5·0.25 = 0.25
    const s = addWeightedObservation(addWeightedObservation(EMPTY_STATS, 1, 0.5), 0, 0.5);
    expect(s).toEqual({ n: 1, mean: 0.5, m2: 0.25 });
  });

  it('refuses a weight that is not positive and finite', () => {
    expect(() => addWeightedObservation(EMPTY_STATS, 1, 0)).toThrow(RangeError);
    expect(() => addWeightedObservation(EMPTY_STATS, 1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addWeightedObservation(EMPTY_STATS, Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('capEffectiveCount', () => {
  it('scales count and M2 down to the cap, keeping mean and M2/n', () => {
    const s = { n: 200, mean: 0.7, m2: 42 };
    const capped = capEffectiveCount(s, 20);
    expect(capped).toEqual({ n: 20, mean: 0.7, m2: 4.2 });
    expect(capped.m2 / capped.n).toBeCloseTo(s.m2 / s.n, 12);
  });

  it('leaves evidence under the cap alone, and a cap of 0 empties it', () => {
    expect(capEffectiveCount({ n: 5, mean: 1, m2: 2 }, 20)).toEqual({ n: 5, mean: 1, m2: 2 });
    expect(capEffectiveCount({ n: 5, mean: 1, m2: 2 }, 0)).toEqual(EMPTY_STATS);
  });
});
