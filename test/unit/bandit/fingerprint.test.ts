import { describe, expect, it } from 'vitest';
import { contextFingerprint, hashString, unitInterval } from '../../../src/bandit/fingerprint';

describe('hashString / contextFingerprint', () => {
  it('matches an independent Python implementation (reference/prng_hash_reference.py)', () => {
    expect(hashString('')).toBe('488bdcb81aee8d83');
    expect(hashString('a')).toBe('501c2ba782c97901');
    expect(hashString('hello world')).toBe('53ab9417d15d1014');
    expect(contextFingerprint({ b: [2, 3], a: 1 })).toBe(hashString('{"a":1,"b":[2,3]}'));
    expect(hashString('{"a":1,"b":[2,3]}')).toBe('63f423c6339a58f7');
  });

  it('gives the same fingerprint for contexts that differ only in key order', () => {
    expect(contextFingerprint({ riskTier: 2, promptTokens: 150 })).toBe(
      contextFingerprint({ promptTokens: 150, riskTier: 2 }),
    );
    expect(contextFingerprint({ riskTier: 2 })).not.toBe(contextFingerprint({ riskTier: 3 }));
  });

  it('has no collisions among 20k distinct short strings', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(hashString(`unit-${i}`));
    expect(seen.size).toBe(20_000);
  });
});

describe('unitInterval', () => {
  it('matches the Python reference', () => {
    expect(unitInterval('a')).toBe(0.8803288988526959);
  });

  it('is sticky and spreads unit ids uniformly over [0, 1)', () => {
    expect(unitInterval('session-9')).toBe(unitInterval('session-9'));
    const n = 50_000;
    const bins = new Array<number>(20).fill(0);
    const us = Array.from({ length: n }, (_, i) => unitInterval(`session-${i}`));
    expect(us.every((u) => u >= 0 && u < 1)).toBe(true);
    for (const u of us) bins[Math.floor(u * 20)]! += 1;
    const expected = n / 20;
    const chi2 = bins.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // χ²(19) 99.9th percentile ≈ 43.82.
    expect(chi2).toBeLessThan(43.82);
  });
});
