import { describe, expect, it } from 'vitest';
import { sampleGamma, sampleInverseGamma, sampleStandardNormal } from '../../../src/bandit/distributions';
import { seededRng } from '../../../src/common/seeded-rng';
import { momentTolerances, sampleMoments } from './moments';

// Expected values are closed forms (standard results, e.g. Johnson, Kotz & Balakrishnan);
// tolerances are 5 CLT standard errors and the seeds are fixed, so these tests never flake.
const N = 200_000;

function draw(seed: string, sample: (rng: () => number) => number): Float64Array {
  const rng = seededRng(seed);
  const xs = new Float64Array(N);
  for (let i = 0; i < N; i++) xs[i] = sample(rng);
  return xs;
}

function expectMoments(xs: Float64Array, mean: number, variance: number, excessKurtosis: number): void {
  const got = sampleMoments(xs);
  const tol = momentTolerances(xs.length, variance, excessKurtosis);
  expect(Math.abs(got.mean - mean)).toBeLessThan(tol.mean);
  expect(Math.abs(got.variance - variance)).toBeLessThan(tol.variance);
}

describe('sampleStandardNormal', () => {
  it('has mean 0 and variance 1', () => {
    expectMoments(draw('normal', sampleStandardNormal), 0, 1, 0);
  });

  it('puts 95 % of its mass within ±1.959964 (normal table)', () => {
    const xs = draw('normal-tail', sampleStandardNormal);
    const inside = xs.filter((x) => Math.abs(x) < 1.959964).length / N;
    expect(Math.abs(inside - 0.95)).toBeLessThan(5 * Math.sqrt((0.95 * 0.05) / N));
  });
});

describe('sampleGamma', () => {
  // Gamma(k, θ): mean kθ, variance kθ², excess kurtosis 6/k.
  it.each([
    [0.3, 1],
    [1, 2],
    [2.5, 0.5],
    [50, 0.1],
  ])('matches the Gamma(shape %s, scale %s) mean and variance', (shape, scale) => {
    const xs = draw(`gamma-${shape}-${scale}`, (rng) => sampleGamma(rng, shape, scale));
    expect(xs.every((x) => x > 0)).toBe(true);
    expectMoments(xs, shape * scale, shape * scale * scale, 6 / shape);
  });

  it('defaults to scale 1', () => {
    expect(sampleGamma(seededRng('s'), 3)).toBe(sampleGamma(seededRng('s'), 3, 1));
  });

  it('refuses a non-positive shape or scale', () => {
    expect(() => sampleGamma(seededRng(1), 0)).toThrow(RangeError);
    expect(() => sampleGamma(seededRng(1), 1, -1)).toThrow(RangeError);
  });
});

describe('sampleInverseGamma', () => {
  it('matches the InvGamma(α 6, β 2) mean β/(α−1) and variance β²/((α−1)²(α−2))', () => {
    const alpha = 6;
    const beta = 2;
    const xs = draw('invgamma', (rng) => sampleInverseGamma(rng, alpha, beta));
    // Excess kurtosis 6(5α − 11)/((α − 3)(α − 4)) = 19 for α = 6.
    const excess = (6 * (5 * alpha - 11)) / ((alpha - 3) * (alpha - 4));
    expectMoments(xs, beta / (alpha - 1), beta ** 2 / ((alpha - 1) ** 2 * (alpha - 2)), excess);
  });
});
