import { describe, expect, it } from 'vitest';
import { randomInt, seededRng } from '../../../src/common/seeded-rng';

const take = (seed: string | number, n: number): number[] => {
  const rng = seededRng(seed);
  return Array.from({ length: n }, rng);
};

/** Pearson χ² statistic of counts against equal expected counts. */
const chiSquare = (counts: number[], total: number): number => {
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
};

describe('seededRng', () => {
  it('replays the same 10k stream for the same seed', () => {
    expect(take('request-1|abc|v3|7', 10_000)).toEqual(take('request-1|abc|v3|7', 10_000));
  });

  it('gives different streams for different seeds, even adjacent ones', () => {
    const a = take('seed-1', 1000);
    const b = take('seed-2', 1000);
    const same = a.filter((x, i) => x === b[i]).length;
    expect(same).toBeLessThan(3);
  });

  it('hashes a number seed as its decimal string', () => {
    expect(take(42, 5)).toEqual(take('42', 5));
  });

  it('matches an independent Python implementation (reference/prng_hash_reference.py)', () => {
    expect(take('42', 4)).toEqual([
      0.611545278923586, 0.290452525485307, 0.608740468043834, 0.5258469053078443,
    ]);
    expect(take('tuneloop', 4)).toEqual([
      0.742860339814797, 0.4579731619451195, 0.5702324525918812, 0.9368908093310893,
    ]);
    expect(take('', 4)).toEqual([
      0.18176812469027936, 0.3188686918001622, 0.9710811858531088, 0.5636194369290024,
    ]);
  });

  it('stays in [0, 1) and passes a loose χ² uniformity test', () => {
    const n = 100_000;
    const bins = new Array<number>(100).fill(0);
    const xs = take('uniformity', n);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    for (const x of xs) bins[Math.floor(x * 100)]! += 1;
    // χ²(99) 99.9th percentile ≈ 148.2 (published tables); a fixed seed makes this deterministic.
    expect(chiSquare(bins, n)).toBeLessThan(148.2);
  });
});

describe('randomInt', () => {
  it('covers [0, n) uniformly (χ², 6 degrees of freedom)', () => {
    const rng = seededRng('randomInt');
    const n = 70_000;
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < n; i++) counts[randomInt(rng, 7)]! += 1;
    // χ²(6) 99.9th percentile ≈ 22.46.
    expect(chiSquare(counts, n)).toBeLessThan(22.46);
  });

  it('rejects the top sliver of 32-bit values that would bias the modulo', () => {
    // n = 3: 2^32 mod 3 = 1, so the single largest 32-bit value is rejected and redrawn.
    const values = [(2 ** 32 - 1) / 2 ** 32, 5 / 2 ** 32];
    const rng = () => values.shift()!;
    expect(randomInt(rng, 3)).toBe(5 % 3);
  });

  it('refuses n that is not a positive integer', () => {
    const rng = seededRng(1);
    expect(() => randomInt(rng, 0)).toThrow(RangeError);
    expect(() => randomInt(rng, 2.5)).toThrow(RangeError);
  });
});
