import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, strictCanonicalJson } from '../../../src/common/canonical-json';

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

describe('strictCanonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and writes no whitespace', () => {
    expect(strictCanonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe(
      '{"a":{"c":true,"d":[1,"x",null]},"b":1}',
    );
  });

  it('refuses values with no JSON form instead of writing null into a hash', () => {
    expect(() => strictCanonicalJson({ x: Number.NaN })).toThrow(RangeError);
    expect(() => strictCanonicalJson({ x: [Number.POSITIVE_INFINITY] })).toThrow(RangeError);
    expect(() => strictCanonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => strictCanonicalJson(1n)).toThrow(TypeError);
  });

  it('writes exactly what canonicalJson writes for every JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(strictCanonicalJson(value)).toBe(canonicalJson(value));
      }),
    );
  });
});
