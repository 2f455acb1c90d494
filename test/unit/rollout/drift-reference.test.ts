import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { addToHistogram, detectDrift, emptyHistogram, linearEdges } from '../../../src/rollout/drift';
import {
  detectDriftFromReference,
  type FeatureSample,
  quantileEdges,
  referenceOf,
  resumeReference,
} from '../../../src/rollout/drift-reference';

const rng = seededRng('drift');
const numbers = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const sample = (
  numeric: Record<string, number[]>,
  categorical: Record<string, string[]> = {},
): FeatureSample => ({
  numeric,
  categorical,
});

describe('drift against a reference taken from data', () => {
  // Issue 10, item 5: with fixed integer edges every value in [0, 1) fell in one bin, so a
  // shift from 0.1 to 0.9 scored 0 bits.
  it('sees a shift inside [0, 1) that fixed integer bins call 0 bits', () => {
    const before = numbers(1000, () => 0.1 + 0.05 * rng());
    const after = numbers(1000, () => 0.9 + 0.05 * rng());
    const integer = linearEdges(-10, 10, 20);
    const fixed = (xs: number[]) => xs.reduce((h, x) => addToHistogram(h, x), emptyHistogram(integer));
    expect(detectDrift({ x: fixed(before) }, { x: fixed(after) }, 0.1, 500).worst!.divergenceBits).toBe(0);
    const result = detectDriftFromReference(
      referenceOf(sample({ x: before })),
      sample({ x: after }),
      0.1,
      500,
    );
    expect(result.verdict).toBe('drift');
    expect(result.worst!.divergenceBits).toBeGreaterThan(0.5);
  });

  it('judges categorical and tag features on their frequencies', () => {
    // 1000 requests, a share `english` of them in English and the rest in `other`.
    const languages = (english: number, other: string) =>
      sample({}, { language: numbers(1000, () => (rng() < english ? 'en' : other)) });
    const reference = referenceOf(languages(0.9, 'de'));
    const same = detectDriftFromReference(reference, languages(0.9, 'de'), 0.1, 500);
    expect(same.verdict).toBe('ok');
    const shifted = detectDriftFromReference(reference, languages(0.2, 'fr'), 0.1, 500);
    expect(shifted.verdict).toBe('drift');
    expect(shifted.worst!.feature).toBe('language (categories)');
  });

  // Issue 10, item 5: `resume` left the old histograms, so the next sweep froze again.
  it('stays resumed after resume takes the present as the reference, until the context shifts again', () => {
    const old = sample({ x: numbers(1000, () => rng()) });
    const present = sample({ x: numbers(1000, () => 5 + rng()) });
    expect(detectDriftFromReference(referenceOf(old), present, 0.1, 500).verdict).toBe('drift');
    const resumed = resumeReference(present);
    const later = sample({ x: numbers(1000, () => 5 + rng()) });
    expect(detectDriftFromReference(resumed, later, 0.1, 500).verdict).toBe('ok');
    const shiftedAgain = sample({ x: numbers(1000, () => 9 + rng()) });
    expect(detectDriftFromReference(resumed, shiftedAgain, 0.1, 500).verdict).toBe('drift');
  });

  it('puts about a tenth of the reference in each quantile bin, merging ties', () => {
    const values = numbers(1000, () => rng());
    const edges = quantileEdges(values);
    // 9 quantile edges, the minimum before them and a bound just above the maximum after them
    expect(edges).toHaveLength(11);
    expect(edges[0]).toBe(Math.min(...values));
    const reference = referenceOf(sample({ x: values }));
    const counts = reference.numeric.x!.counts;
    // empty below the minimum and above the maximum; about a tenth in each bin between
    expect([counts[0], counts.at(-1)]).toEqual([0, 0]);
    for (const count of counts.slice(2, -1)) expect(count).toBeGreaterThan(80);
    expect(quantileEdges([1, 1, 1, 1])).toEqual([1, 1 + 4 * Number.EPSILON]);
  });

  // Issue 10, item 5, seen over HTTP: a reference of 0s and 1s put a later 3 or 4 in the 1s' bin.
  it('gives values beyond the reference’s range bins of their own', () => {
    const reference = referenceOf(sample({ x: numbers(600, (i) => i % 2) }));
    const shifted = sample({ x: numbers(600, (i) => (i < 300 ? i % 2 : 3 + (i % 2))) });
    expect(detectDriftFromReference(reference, shifted, 0.1, 100).verdict).toBe('drift');
  });
});
