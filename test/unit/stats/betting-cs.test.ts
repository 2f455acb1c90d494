import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import {
  emptyMeanCs,
  foldMeanCs,
  meanBounds,
  meanLowerBound,
  meanOf,
  meanUpperBound,
} from '../../../src/stats/betting-cs';

/** Share of seeded streams whose true mean leaves the two-sided CS at ANY n ≤ length. */
function everMissedShare(
  draw: (rng: () => number) => number,
  mean: number,
  streams: number,
  length: number,
  alpha: number,
) {
  let missed = 0;
  for (let s = 0; s < streams; s++) {
    const rng = seededRng(`cs-${s}`);
    const state = emptyMeanCs({ designAlpha: alpha });
    for (let i = 0; i < length; i++) {
      foldMeanCs(state, draw(rng));
      const { low, high } = meanBounds(state, alpha);
      if (mean < low || mean > high) {
        missed++;
        break;
      }
    }
  }
  return missed / streams;
}

describe('betting confidence sequence for a [0, 1] mean', () => {
  // 400 streams: at a true miss rate of α = 0.1 the share exceeds 0.14 with probability < 0.5 %.
  it.each([
    ['bernoulli 0.15', (r: () => number) => (r() < 0.15 ? 1 : 0), 0.15],
    ['bernoulli 0.5', (r: () => number) => (r() < 0.5 ? 1 : 0), 0.5],
    ['zeros 0.8 then uniform 0.5–1', (r: () => number) => (r() < 0.8 ? 0 : 0.5 + 0.5 * r()), 0.2 * 0.75],
    ['uniform', (r: () => number) => r(), 0.5],
  ])('covers the true mean at every n at once (%s)', (_name, draw, mean) => {
    expect(everMissedShare(draw, mean, 400, 600, 0.1)).toBeLessThanOrEqual(0.14);
  });

  it('never gives a tight bound on a zero-variance sample: n zeros stay above the exact fixed-n binomial bound', () => {
    for (const n of [1, 5, 20, 100, 1000]) {
      const state = emptyMeanCs();
      for (let i = 0; i < n; i++) foldMeanCs(state, 0);
      // Clopper–Pearson one-sided upper limit for 0 successes in n at level α: 1 − α^(1/n).
      const exact = 1 - 0.01 ** (1 / n);
      expect(meanUpperBound(state, 0.01)).toBeGreaterThan(exact);
      expect(meanLowerBound(state, 0.01)).toBeLessThanOrEqual(0);
    }
  });

  it('is useful: at n = 2000 fair coins the 99 % interval is within twice the fixed-n Hoeffding width', () => {
    const rng = seededRng('useful');
    const state = emptyMeanCs({ designAlpha: 0.01 });
    for (let i = 0; i < 2000; i++) foldMeanCs(state, rng() < 0.5 ? 1 : 0);
    const { low, high } = meanBounds(state, 0.01);
    const hoeffding = Math.sqrt(Math.log(2 / 0.01) / (2 * 2000));
    expect(high - low).toBeLessThan(2 * 2 * hoeffding);
    expect(low).toBeLessThan(0.5);
    expect(high).toBeGreaterThan(0.5);
  });

  it('widens as α shrinks, keeps low ≤ high, and survives a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (xs) => {
          const state = emptyMeanCs();
          for (const x of xs) foldMeanCs(state, x);
          const wide = meanBounds(state, 0.001);
          const narrow = meanBounds(state, 0.1);
          expect(wide.low).toBeLessThanOrEqual(narrow.low + 1e-12);
          expect(wide.high).toBeGreaterThanOrEqual(narrow.high - 1e-12);
          expect(narrow.low).toBeLessThanOrEqual(narrow.high);
          const copy = JSON.parse(JSON.stringify(state));
          expect(meanBounds(copy, 0.05)).toEqual(meanBounds(state, 0.05));
          expect(meanOf(state)).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 12);
        },
      ),
    );
  });

  it('refuses a non-finite observation', () => {
    expect(() => foldMeanCs(emptyMeanCs(), Number.NaN)).toThrow(RangeError);
  });
});
