import { describe, expect, it } from 'vitest';
import { bootstrapMeans } from '../../../src/evaluation/bootstrap';
import { drawIndexCounts, drawPoissonCounts } from '../../../src/evaluation/bootstrap-draws';
import { pairedDifference } from '../../../src/evaluation/intervals';
import { quantile } from '../../../src/evaluation/percentile';

const result = (values: number[]) => {
  const contributions = Float64Array.from(values);
  return { value: values.reduce((a, b) => a + b, 0) / values.length, contributions };
};

describe('percentile', () => {
  // Expected values: numpy.percentile's default (linear) on the same inputs, by hand:
  // position q·(n−1) between order statistics.
  it("interpolates linearly like numpy's default", () => {
    const values = Float64Array.from([4, 1, 3, 2]);
    expect(quantile(values, 0.25)).toBeCloseTo(1.75, 15); // 0.75 of the way from 1 to 2
    expect(quantile(values, 0.5)).toBeCloseTo(2.5, 15);
    expect(quantile(values, 0.975)).toBeCloseTo(3.925, 15);
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 1)).toBe(4);
  });
});

describe('bootstrap draws', () => {
  it('an index resample draws exactly n rows', () => {
    const counts = new Uint16Array(1000);
    expect(drawIndexCounts(counts, 's:1')).toBe(1000);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  // Poisson(1) has mean 1 and variance 1; over 200,000 rows the sample mean has sd 0.0022.
  it('Poisson counts have mean 1 and variance 1', () => {
    const counts = new Uint16Array(200_000);
    const total = drawPoissonCounts(counts, 's:2');
    const mean = total / counts.length;
    const variance = counts.reduce((s, c) => s + (c - mean) ** 2, 0) / counts.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  // Brute force: resampling two rows, the mean is x₁, (x₁+x₂)/2 or x₂ with probability
  // 1/4, 1/2, 1/4 (enumerating the four equally likely ordered draws).
  it('resamples two rows with the enumerated probabilities', () => {
    const [means] = bootstrapMeans([Float64Array.from([0, 1])], {
      resamples: 8000,
      seed: 3,
      method: 'index',
    });
    const share = (v: number) => means!.filter((m) => m === v).length / 8000;
    // sd of each share ≤ 0.0056; 0.025 is > 4 sd
    expect(Math.abs(share(0) - 0.25)).toBeLessThan(0.025);
    expect(Math.abs(share(0.5) - 0.5)).toBeLessThan(0.025);
    expect(Math.abs(share(1) - 0.25)).toBeLessThan(0.025);
  });

  it('does not depend on how the resamples are split', () => {
    const column = Float64Array.from({ length: 101 }, (_, i) => Math.sin(i));
    const options = { resamples: 37, seed: 'x', method: 'index' as const };
    const [whole] = bootstrapMeans([column], options);
    const [head] = bootstrapMeans([column], { ...options, range: [0, 20] });
    const [tail] = bootstrapMeans([column], { ...options, range: [20, 37] });
    expect([...head!, ...tail!]).toEqual([...whole!]);
  });

  it('resamples every column with the same draws', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => i);
    const twice = x.map((v) => 2 * v);
    const [a, b] = bootstrapMeans([x, twice], { resamples: 20, seed: 1, method: 'poisson' });
    for (let r = 0; r < 20; r++) expect(b![r]).toBeCloseTo(2 * a![r]!, 12);
  });
});

describe('paired difference', () => {
  // A policy that is the baseline plus a constant differs from it by exactly that constant
  // on every shared resample; an unpaired bootstrap would give a wide interval around it.
  it('cancels the noise the two estimates share', () => {
    const baseline = Array.from({ length: 300 }, (_, i) => (i * 7919) % 13);
    const policy = baseline.map((v) => v + 0.25);
    const diff = pairedDifference(result(policy), result(baseline), {
      resamples: 200,
      alpha: 0.05,
      seed: 1,
      method: 'index',
    });
    expect(diff.value).toBeCloseTo(0.25, 12);
    expect(diff.low).toBeCloseTo(0.25, 12);
    expect(diff.high).toBeCloseTo(0.25, 12);
  });
});

describe('bootstrap over randomization units', () => {
  const sd = (xs: Float64Array) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  };
  // 100 units of 10 identical rows: 100 independent values, not 1000. Resampling rows
  // understates the spread by √10; resampling units recovers it (closed form: σ/√100).
  it('resamples whole units when units repeat, so repeated rows do not shrink the interval', () => {
    const values = new Float64Array(1000);
    const units = new Int32Array(1000);
    for (let i = 0; i < 1000; i++) {
      units[i] = Math.floor(i / 10);
      values[i] = units[i]! % 2; // unit values 0, 1, 0, 1 …: σ = 0.5
    }
    const byRow = bootstrapMeans([values], { resamples: 400, seed: 'u', method: 'index' })[0]!;
    const byUnit = bootstrapMeans([values], { resamples: 400, seed: 'u', method: 'index', units })[0]!;
    expect(sd(byUnit)).toBeGreaterThan(0.04); // ≈ 0.5 / √100 = 0.05
    expect(sd(byUnit)).toBeLessThan(0.06);
    expect(sd(byRow)).toBeLessThan(0.02); // ≈ 0.5 / √1000 = 0.016
  });
});
