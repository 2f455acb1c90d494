import { describe, expect, it } from 'vitest';
import {
  lnGamma,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
} from '../../../src/bandit/student-t';

describe('lnGamma', () => {
  it('matches Γ at known points: Γ(1/2) = √π, Γ(5) = 24, Γ(10) = 9!', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362_880), 11);
    expect(lnGamma(1)).toBeCloseTo(0, 12);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches the closed forms I_x(a, 1) = xᵃ and I_x(1, b) = 1 − (1 − x)ᵇ', () => {
    for (const x of [0.1, 0.5, 0.93]) {
      expect(regularizedIncompleteBeta(x, 3, 1)).toBeCloseTo(x ** 3, 12);
      expect(regularizedIncompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 12);
    }
  });
});

describe('Student-t', () => {
  // Two-sided critical values from the standard published t table.
  it.each([
    [1, 0.975, 12.706],
    [2, 0.975, 4.303],
    [5, 0.975, 2.571],
    [10, 0.975, 2.228],
    [30, 0.975, 2.042],
    [10, 0.95, 1.812],
    [2_000_000, 0.975, 1.96],
  ])('with ν = %s has its %s quantile at %s', (nu, p, t) => {
    expect(studentTQuantile(p, nu)).toBeCloseTo(t, 3);
    expect(studentTQuantile(1 - p, nu)).toBeCloseTo(-t, 3);
    expect(studentTCdf(t, nu)).toBeCloseTo(p, 4);
  });

  it('has the Cauchy CDF at ν = 1: 1/2 + atan(t)/π', () => {
    for (const t of [-3, -0.5, 0, 0.7, 10])
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
  });

  it('inverts its CDF', () => {
    for (const nu of [0.5, 3, 41.7]) {
      for (const p of [0.001, 0.2, 0.5, 0.8, 0.9999])
        expect(studentTCdf(studentTQuantile(p, nu), nu)).toBeCloseTo(p, 10);
    }
  });
});
