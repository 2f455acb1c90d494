import { describe, expect, it } from 'vitest';
import { xoshiro128Fill, xoshiro128State } from '../../../src/common/xoshiro128';

describe('xoshiro128**', () => {
  it('produces the reference outputs of Blackman & Vigna’s C code from state {1, 2, 3, 4}', () => {
    const state = Int32Array.of(1, 2, 3, 4);
    const out = new Float64Array(6);
    xoshiro128Fill(state, out);
    expect(Array.from(out, (u) => u * 4294967296)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
  });

  it('continues one stream across blocks: two fills of 3 equal one fill of 6', () => {
    const whole = new Float64Array(6);
    xoshiro128Fill(xoshiro128State('s'), whole);
    const state = xoshiro128State('s');
    const first = new Float64Array(3);
    const second = new Float64Array(3);
    xoshiro128Fill(state, first);
    xoshiro128Fill(state, second);
    expect([...first, ...second]).toEqual([...whole]);
  });

  it('names the same stream by the same seed, and is uniform on [0, 1)', () => {
    const a = new Float64Array(100_000);
    const b = new Float64Array(100_000);
    xoshiro128Fill(xoshiro128State(42), a);
    xoshiro128Fill(xoshiro128State('42'), b);
    expect(a).toEqual(b);
    const mean = a.reduce((s, u) => s + u, 0) / a.length;
    // Uniform: mean ½, sd of the mean √(1/12/n) ≈ 0.0009.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(a.every((u) => u >= 0 && u < 1)).toBe(true);
  });
});
