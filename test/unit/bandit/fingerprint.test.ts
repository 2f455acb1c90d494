import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contextFingerprint, hashString, unitInterval } from '../../../src/bandit/fingerprint';

describe('canonicalJson', () => {
  it('sorts object keys recursively and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('follows JSON.stringify for undefined, non-finite numbers, -0 and toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: Number.NaN, d: -0 })).toBe(
      '{"b":[null],"c":null,"d":0}',
    );
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('treats __proto__ as an ordinary key', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":1,"a":2}'))).toBe('{"__proto__":1,"a":2}');
  });

  it('refuses cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });

  it('round-trips every JSON value (source: JSON.parse) and is independent of key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        // Re-parsing and re-serialising reaches the same text: it is a fixed point.
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

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
