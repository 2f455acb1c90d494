import { describe, expect, it } from 'vitest';
import { addObservation, EMPTY_STATS, type GaussianStats } from '../../../src/bandit/gaussian-stats';
import { epochOf, lookDelta, spendingWeight } from '../../../src/rollout/alpha-spending';
import {
  binomialLowerTail,
  binomialUpperTail,
  differenceUpperBound,
  meanUpperBound,
  quantileLowerBoundRank,
  quantileUpperBoundRank,
  wilsonInterval,
  wilsonLowerBound,
} from '../../../src/rollout/bounds';
import { normalQuantile } from '../../../src/rollout/normal-quantile';

/** Binomial pmf by the product formula, summed by brute force: the independent source for the tails. */
function pmf(n: number, p: number): number[] {
  const out = new Array<number>(n + 1).fill(0);
  let logC = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    out[k] = Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }
  return out;
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const statsOf = (xs: number[]): GaussianStats => xs.reduce(addObservation, EMPTY_STATS);

describe('normalQuantile (AS 241)', () => {
  // Published values of Φ⁻¹ (Abramowitz & Stegun table 26.5 and its many reprints, to 15 digits).
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.99, 2.326347874040841],
    [0.999, 3.090232306167813],
    [0.3, -0.5244005127080407],
    [1e-12, -7.034483825301131],
  ])('Φ⁻¹(%s) = %s', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 12);
  });

  it('refuses p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('binomial tails', () => {
  it.each([
    [20, 0.3],
    [96, 0.01],
    [500, 0.99],
  ])('agree with brute-force sums of the pmf (n = %s, p = %s)', (n, p) => {
    const f = pmf(n, p);
    for (const k of [0, 1, 2, Math.floor(n * p), n - 1, n]) {
      expect(binomialUpperTail(k, n, p)).toBeCloseTo(sum(f.slice(k)), 12);
      expect(binomialLowerTail(k, n, p)).toBeCloseTo(sum(f.slice(0, k + 1)), 12);
    }
  });
});

describe('order-statistic ranks', () => {
  /** Brute force straight from the definitions in the JSDoc, with pmf sums. */
  function bruteLower(n: number, q: number, delta: number): number | null {
    const f = pmf(n, 1 - q);
    for (let g = 1; g <= n; g++) if (sum(f.slice(g)) <= delta) return n - g;
    return null;
  }
  function bruteUpper(n: number, q: number, delta: number): number | null {
    const f = pmf(n, 1 - q);
    let best: number | null = null;
    for (let h = 0; h < n && sum(f.slice(0, h + 1)) <= delta; h++) best = n - h - 1;
    return best;
  }

  it.each([
    [96, 0.99, 1.7e-5],
    [1800, 0.99, 1.7e-5],
    [100, 0.5, 0.01],
    [20, 0.9, 0.05],
    [1000, 0.99, 0.005],
    [5, 0.5, 0.01],
  ])('match brute force (n = %s, q = %s, δ = %s)', (n, q, delta) => {
    expect(quantileLowerBoundRank(n, q, delta)).toBe(bruteLower(n, q, delta));
    expect(quantileUpperBoundRank(n, q, delta)).toBe(bruteUpper(n, q, delta));
  });

  it('give the published median intervals for n = 100: 95 % X(40)…X(61), 99 % X(37)…X(64)', () => {
    // Campbell & Gardner (1988), BMJ 296:1454, table of ranks for a median's interval (1-based).
    expect(quantileLowerBoundRank(100, 0.5, 0.025)).toBe(39);
    expect(quantileUpperBoundRank(100, 0.5, 0.025)).toBe(60);
    expect(quantileLowerBoundRank(100, 0.5, 0.005)).toBe(36);
    expect(quantileUpperBoundRank(100, 0.5, 0.005)).toBe(63);
  });

  it('is null when the sample cannot support the bound: an upper bound of p99 needs 0.99ⁿ ≤ δ', () => {
    expect(quantileUpperBoundRank(458, 0.99, 0.01)).toBeNull(); // 0.99^458 = 0.01004
    expect(quantileUpperBoundRank(459, 0.99, 0.01)).toBe(458); // 0.99^459 = 0.00994: the maximum
  });
});

describe('Wilson score interval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat Med 17:857,
  // Table II, method 3 (score, no continuity correction), 95 %.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%s/%s ⇒ [%s, %s]', (x, n, low, high) => {
    const interval = wilsonInterval(x, n, 1.959963984540054);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('one-sided lower bound at δ uses z = Φ⁻¹(1 − δ)', () => {
    expect(wilsonLowerBound(15, 148, 0.025)).toBeCloseTo(0.0624, 4);
  });
});

describe('t bounds', () => {
  it('mean upper bound = x̄ + t(0.99; 9)·s/√n with the published t(0.99; 9) = 2.821', () => {
    const xs = [0.7, 0.8, 0.75, 0.9, 0.85, 0.6, 0.95, 0.8, 0.7, 0.65];
    const s = statsOf(xs);
    const sd = Math.sqrt(s.m2 / 9);
    expect(meanUpperBound(s, 0.01)).toBeCloseTo(s.mean + (2.821 * sd) / Math.sqrt(10), 3);
  });

  it('Welch bound reduces to the pooled one for equal sizes and variances (df = 2n − 2)', () => {
    const a = statsOf([1, 2, 3, 4, 5]);
    const b = statsOf([2, 3, 4, 5, 6]);
    // t(0.95; 8) = 1.860 (published table); se = √(2.5/5 + 2.5/5) = 1.
    expect(differenceUpperBound(a, b, 0.05)).toBeCloseTo(-1 + 1.86, 3);
  });

  it('is infinite below two values (no variance estimate)', () => {
    expect(meanUpperBound(statsOf([0.5]), 0.01)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('alpha spending', () => {
  it('weights sum to at most 1: Σ_{i≤N} w(i) plus the integral tail bound 1/(C·ln(N+1))', () => {
    const n = 1_000_000;
    let total = 0;
    for (let i = 1; i <= n; i++) total += spendingWeight(i);
    // Σ_{i>N} 1/((i+1)ln²(i+1)) ≤ ∫_{N+1}^∞ dx/(x ln²x) = 1/ln(N+1) (the summand decreases).
    expect(total + 1 / (2.11 * Math.log(n + 1))).toBeLessThanOrEqual(1);
    expect(total).toBeGreaterThan(0.96);
  });

  it('spends α·w(s)·w(j) per look', () => {
    expect(lookDelta(0.01, 1, 1)).toBeCloseTo(0.01 * spendingWeight(1) ** 2, 15);
  });

  it('numbers epochs by growth ρ from n_min', () => {
    expect(epochOf(20, 20, 1.25)).toBe(1);
    expect(epochOf(24, 20, 1.25)).toBe(1);
    expect(epochOf(25, 20, 1.25)).toBe(2);
    expect(epochOf(100, 20, 1.25)).toBe(8);
  });
});
