import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleStandardNormal } from '../../../src/bandit/distributions';
import { seededRng } from '../../../src/common/seeded-rng';
import { logWealthAbove, maxCountProvingBelow, minCountProvingAbove } from '../../../src/stats/exceedance';
import { exceedsRate, provesQuantileAbove, quantileUpperBound } from '../../../src/stats/latency-exceedance';
import {
  countSurelyAbove,
  emptyLatencyHistogram,
  foldLatency,
  largestValueBound,
} from '../../../src/stats/latency-histogram';

const Z99 = 2.326347874040841;
const lognormal = (rng: () => number, median: number, sigma: number) =>
  median * Math.exp(sigma * sampleStandardNormal(rng));

describe('latency histogram', () => {
  it('never over-counts values above a threshold and never under-states a rank', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        (values, threshold) => {
          const h = emptyLatencyHistogram();
          for (const v of values) foldLatency(h, v);
          expect(countSurelyAbove(h, threshold)).toBeLessThanOrEqual(
            values.filter((v) => v > threshold).length,
          );
          const sorted = [...values].sort((a, b) => b - a);
          for (const r of [1, Math.ceil(values.length / 2), values.length])
            expect(largestValueBound(h, r)).toBeGreaterThanOrEqual(sorted[r - 1]! * (1 - 1e-9));
          expect(JSON.parse(JSON.stringify(h))).toEqual(h);
        },
      ),
      { numRuns: 60 },
    );
  }, 20_000);
});

describe('grid-mixture bets on a count', () => {
  it('needs at least the fixed-n sample size to bound a p99 from above (0.99ⁿ ≤ α), and not much more', () => {
    // A single bet λ = 1/0.99 on n zeros earns exactly 1/0.99ⁿ, the fixed-n likelihood ratio;
    // a mixture cannot do better and should not do much worse.
    const alpha = 0.005;
    const fixed = Math.ceil(Math.log(alpha) / Math.log(0.99));
    let n = 0;
    while (maxCountProvingBelow(n, 0.01, alpha) < 0) n++;
    expect(n).toBeGreaterThanOrEqual(fixed);
    expect(n).toBeLessThanOrEqual(1.3 * fixed);
  });

  it('proves a high rate from a handful of hits: 8 of 30 above a 1 % rate', () => {
    expect(minCountProvingAbove(30, 0.01, 0.005)).toBeLessThanOrEqual(8);
    expect(logWealthAbove(0, 30, 0.01)).toBeLessThan(0);
  });

  it('keeps its thresholds monotone in n', () => {
    let lastAbove = 0;
    let lastBelow = -1;
    for (let n = 0; n < 3000; n += 7) {
      const above = minCountProvingAbove(n, 0.01, 0.01);
      const below = maxCountProvingBelow(n, 0.01, 0.01);
      if (Number.isFinite(above)) expect(above).toBeGreaterThanOrEqual(lastAbove);
      expect(below).toBeGreaterThanOrEqual(lastBelow);
      if (Number.isFinite(above)) lastAbove = above;
      lastBelow = below;
    }
  });
});

describe('p99 by exceedance, valid at every look', () => {
  it('bounds the control p99 from above at every n (lognormal, 300 streams)', () => {
    const truth = 400 * Math.exp(0.3 * Z99);
    let missed = 0;
    for (let s = 0; s < 300; s++) {
      const rng = seededRng(`p99-${s}`);
      const h = emptyLatencyHistogram();
      for (let i = 0; i < 3000; i++) {
        foldLatency(h, lognormal(rng, 400, 0.3));
        if (quantileUpperBound(h, 0.99, 0.1) < truth) {
          missed++;
          break;
        }
      }
    }
    expect(missed / 300).toBeLessThanOrEqual(0.14);
  });

  it('rarely claims a treated p99 above 1.1 × control when the treated tail sits exactly on the boundary', () => {
    // Treated latencies are 1.1 × the control's: the null's boundary, checked after every outcome.
    let claims = 0;
    for (let s = 0; s < 200; s++) {
      const rng = seededRng(`rel-${s}`);
      const treated = emptyLatencyHistogram();
      const control = emptyLatencyHistogram();
      for (let i = 0; i < 4000; i++) {
        foldLatency(control, lognormal(rng, 400, 0.3));
        if (i % 4 === 0) foldLatency(treated, 1.1 * lognormal(rng, 400, 0.3));
        if (provesQuantileAbove(treated, control, 0.99, 1.1, 0.1).proven) {
          claims++;
          break;
        }
      }
    }
    expect(claims / 200).toBeLessThanOrEqual(0.15);
  });

  it('catches doubled latencies within a few dozen treated outcomes once the control bound exists', () => {
    const rng = seededRng('double');
    const treated = emptyLatencyHistogram();
    const control = emptyLatencyHistogram();
    for (let i = 0; i < 1000; i++) foldLatency(control, lognormal(rng, 400, 0.3));
    let n = 0;
    while (!provesQuantileAbove(treated, control, 0.99, 1.1, 0.01).proven && n < 500) {
      foldLatency(treated, 2 * lognormal(rng, 400, 0.3));
      n++;
    }
    expect(n).toBeLessThan(60);
    expect(exceedsRate(treated, Number.POSITIVE_INFINITY, 0.01, 0.01).count).toBe(0);
  });
});
