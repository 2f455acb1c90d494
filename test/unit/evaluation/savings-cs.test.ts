import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { empiricalBernsteinSequence, fixedWindowSequence } from '../../../src/evaluation/savings-cs';

describe('empiricalBernsteinSequence', () => {
  it('holds at every look: the true mean leaves the interval in at most α of runs', () => {
    const runs = 200;
    const alpha = 0.1;
    let ever = 0;
    for (let k = 0; k < runs; k++) {
      const rng = seededRng(`eb:${k}`);
      const cs = empiricalBernsteinSequence(alpha);
      let missed = false;
      // a skewed [0, 1] variable, like importance-weighted outcomes: mostly 0, sometimes large
      const mean = 0.1 * 0.7;
      for (let t = 1; t <= 1500 && !missed; t++) {
        cs.fold(rng() < 0.1 ? 0.7 : 0);
        const { low, high } = cs.interval(alpha);
        if (mean < low || mean > high) missed = true;
      }
      if (missed) ever += 1;
    }
    expect(ever / runs).toBeLessThanOrEqual(alpha);
  });

  it('narrows with n, is [0, 1] before any value, and refuses values outside [0, 1]', () => {
    const cs = empiricalBernsteinSequence(0.05);
    expect(cs.interval(0.05)).toEqual({ low: 0, high: 1 });
    const rng = seededRng('narrow');
    for (let t = 0; t < 100; t++) cs.fold(rng());
    const early = cs.interval(0.05);
    for (let t = 0; t < 10_000; t++) cs.fold(rng());
    const late = cs.interval(0.05);
    expect(late.high - late.low).toBeLessThan((early.high - early.low) / 4);
    expect(late.low).toBeLessThan(0.5);
    expect(late.high).toBeGreaterThan(0.5);
    expect(() => cs.fold(1.5)).toThrow(RangeError);
  });

  it('never gives a zero-width interval for a zero-variance sample', () => {
    const cs = empiricalBernsteinSequence(0.05);
    for (let t = 0; t < 50; t++) cs.fold(0);
    expect(cs.interval(0.05).high).toBeGreaterThan(0.02);
  });
});

describe('fixedWindowSequence', () => {
  it('is mean ± 1.96·sd/√n at α 0.05, worked by hand on 0, 1, 0, 1', () => {
    const cs = fixedWindowSequence();
    for (const x of [0, 1, 0, 1]) cs.fold(x);
    // mean 0.5, sample sd √(1/3), half-width 1.959964·√(1/3)/2 = 0.565794
    const { low, high } = cs.interval(0.05);
    expect(low).toBeCloseTo(0, 6);
    expect(high).toBeCloseTo(1, 6);
    const wide = fixedWindowSequence();
    for (const x of [0.4, 0.6, 0.4, 0.6]) wide.fold(x);
    // sd √(0.04/3) = 0.11547, half-width 1.959964·0.11547/2 = 0.113159
    expect(wide.interval(0.05).low).toBeCloseTo(0.5 - 0.113159, 5);
    expect(wide.interval(0.05).high).toBeCloseTo(0.5 + 0.113159, 5);
  });
});
