import { describe, expect, it } from 'vitest';
import { addObservation, EMPTY_STATS } from '../../../src/bandit/gaussian-stats';
import {
  DEFAULT_NIG_PRIOR,
  meanInterval,
  type NigPosterior,
  nigPosterior,
  sampleMean,
} from '../../../src/bandit/nig-posterior';
import { seededRng } from '../../../src/common/seeded-rng';
import { momentTolerances, sampleMoments } from './moments';

const fold = (xs: number[]) => xs.reduce(addObservation, EMPTY_STATS);

describe('nigPosterior', () => {
  it('matches the conjugate update worked by hand', () => {
    // Prior (μ0 0, κ0 1, α0 2, β0 1), rewards 1, 2, 3: n 3, r̄ 2, M2 2.
    // κn = 4, μn = 6/4 = 1.5, αn = 3.5, βn = 1 + 2/2 + 1·3·(2 − 0)²/(2·4) = 3.5.
    const post = nigPosterior(fold([1, 2, 3]), { mu0: 0, kappa0: 1, alpha0: 2, beta0: 1 });
    expect(post.kappa).toBe(4);
    expect(post.mu).toBeCloseTo(1.5, 12);
    expect(post.alpha).toBe(3.5);
    expect(post.beta).toBeCloseTo(3.5, 12);
  });

  it('is the prior when there are no rewards', () => {
    expect(nigPosterior(EMPTY_STATS, DEFAULT_NIG_PRIOR)).toEqual({ mu: 0, kappa: 0.1, alpha: 1, beta: 0.1 });
  });

  it('gives the same posterior for merged shards as for one stream (order free)', () => {
    const one = nigPosterior(fold([0.1, 0.9, 0.4, 0.7]), DEFAULT_NIG_PRIOR);
    const other = nigPosterior(fold([0.7, 0.4, 0.9, 0.1]), DEFAULT_NIG_PRIOR);
    expect(other.mu).toBeCloseTo(one.mu, 12);
    expect(other.beta).toBeCloseTo(one.beta, 12);
  });

  it('refuses an improper prior', () => {
    expect(() => nigPosterior(EMPTY_STATS, { ...DEFAULT_NIG_PRIOR, kappa0: 0 })).toThrow(RangeError);
  });
});

describe('sampleMean', () => {
  it('has the Student-t marginal moments: mean μn, variance β/(κn(α−1))', () => {
    const post: NigPosterior = { mu: 1.5, kappa: 4, alpha: 3.5, beta: 3.5 };
    const rng = seededRng('sample-mean');
    const n = 200_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = sampleMean(rng, post);
    const got = sampleMoments(xs);
    const expectedVariance = post.beta / (post.kappa * (post.alpha - 1));
    // t with ν = 2α = 7 has excess kurtosis 6/(ν − 4) = 2.
    const tol = momentTolerances(n, expectedVariance, 6 / (2 * post.alpha - 4));
    expect(Math.abs(got.mean - post.mu)).toBeLessThan(tol.mean);
    expect(Math.abs(got.variance - expectedVariance)).toBeLessThan(tol.variance);
  });
});

describe('meanInterval', () => {
  it('uses the t_{2α} critical value from the published table', () => {
    // α 5 ⇒ ν 10; β/(ακ) = 1 ⇒ unit scale, so the half width is t_{0.975, 10} = 2.228.
    const interval = meanInterval({ mu: 0.3, kappa: 1, alpha: 5, beta: 5 }, 0.95);
    expect(interval.mean).toBe(0.3);
    expect(interval.high - 0.3).toBeCloseTo(2.228, 3);
    expect(0.3 - interval.low).toBeCloseTo(2.228, 3);
  });

  it('covers 95 % of posterior draws of μ (source: the sampler)', () => {
    const post: NigPosterior = { mu: 0.6, kappa: 12.1, alpha: 7, beta: 0.4 };
    const { low, high } = meanInterval(post, 0.95);
    const rng = seededRng('coverage');
    const n = 100_000;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleMean(rng, post);
      if (x >= low && x <= high) inside++;
    }
    expect(Math.abs(inside / n - 0.95)).toBeLessThan(5 * Math.sqrt((0.95 * 0.05) / n));
  });
});
