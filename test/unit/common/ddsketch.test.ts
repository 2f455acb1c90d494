import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToSketch,
  emptySketch,
  mergeSketches,
  type Sketch,
  sketchQuantile,
  valueAtRank,
} from '../../../src/common/ddsketch';
import { sketchFromJson, sketchToJson } from '../../../src/common/sketch-json';

const sketchOf = (values: number[], alpha = 0.01): Sketch => values.reduce(addToSketch, emptySketch(alpha));

// Positive latencies over many orders of magnitude, with zeros and exact repeats mixed in.
const latencies = fc.array(
  fc.oneof(
    fc.double({ min: 1e-3, max: 1e7, noNaN: true }),
    fc.constantFrom(0, 1, 100, 250.5),
    fc.integer({ min: 1, max: 5000 }),
  ),
  { minLength: 1, maxLength: 300 },
);

describe('DDSketch', () => {
  // Independent source: the exact order statistic of the sorted sample at the same rank.
  it('returns every quantile within relative error α of the exact order statistic', () => {
    fc.assert(
      fc.property(
        latencies,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.005, 0.01, 0.05),
        (values, q, alpha) => {
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
          const estimate = sketchQuantile(sketchOf(values, alpha), q);
          expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(alpha * exact * (1 + 1e-9));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('brackets the exact order statistic of every rank between the bucket edges', () => {
    fc.assert(
      fc.property(latencies, (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const sketch = sketchOf(values);
        sorted.forEach((exact, rank) => {
          const { low, high } = valueAtRank(sketch, rank);
          expect(low).toBeLessThanOrEqual(exact);
          expect(high).toBeGreaterThanOrEqual(exact);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('merging equals sketching the union, in any split', () => {
    fc.assert(
      fc.property(latencies, latencies, (a, b) => {
        expect(mergeSketches(sketchOf(a), sketchOf(b))).toEqual(sketchOf([...a, ...b]));
        expect(mergeSketches(sketchOf(b), sketchOf(a))).toEqual(sketchOf([...a, ...b]));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the exact min and max and counts zeros exactly', () => {
    const sketch = sketchOf([0, 0, 3, 1000.25, 7]);
    expect(sketch.count).toBe(5);
    expect(sketchQuantile(sketch, 0)).toBe(0);
    expect(sketchQuantile(sketch, 0.25)).toBe(0);
    expect(sketchQuantile(sketch, 1)).toBe(1000.25);
  });

  it('is NaN when empty and refuses negative values and mismatched α', () => {
    expect(sketchQuantile(emptySketch(), 0.5)).toBeNaN();
    expect(() => addToSketch(emptySketch(), -1)).toThrow(RangeError);
    expect(() => mergeSketches(sketchOf([1], 0.01), sketchOf([1], 0.02))).toThrow(RangeError);
  });

  it('stays small: 100,000 lognormal latencies from 1 ms to 1,000 s need < 700 bins at α = 1 %', () => {
    let sketch = emptySketch();
    for (let i = 0; i < 100_000; i++) sketch = addToSketch(sketch, 10 ** (i / 16_667)); // 1 … 1e6 ms
    expect(sketch.bins.length).toBeLessThan(700);
  });
});

describe('sketch JSON', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(latencies, (values) => {
        const sketch = sketchOf(values);
        const json = JSON.parse(JSON.stringify(sketchToJson(sketch)));
        expect(sketchFromJson(json)).toEqual({ ok: true, sketch });
      }),
      { numRuns: 100 },
    );
    const empty = sketchFromJson(JSON.parse(JSON.stringify(sketchToJson(emptySketch()))));
    expect(empty.ok && empty.sketch.count).toBe(0);
  });

  it('answers a malformed value with a reason, not an exception', () => {
    expect(sketchFromJson({ a: 2 }).ok).toBe(false);
    expect(sketchFromJson({ a: 0.01, z: 0, o: 0, b: [1], min: null, max: null })).toMatchObject({
      ok: false,
    });
  });
});
