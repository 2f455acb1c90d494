import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../src/rollout/normal-quantile';

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
