import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contextViolations,
  findTooDeep,
  inputLimitViolations,
  MAX_CONTEXT_BYTES,
  MAX_CONTEXT_KEYS,
  MAX_CONTEXT_STRING_BYTES,
  MAX_JSON_DEPTH,
} from '../../../src/contract/input-limits';
import { findUnstorableText } from '../../../src/contract/storable-text';

/** `{"a":{"a":…}}` nested `depth` objects deep, built as text so the builder cannot overflow. */
function nested(depth: number, leaf = '1'): unknown {
  return JSON.parse(`${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`);
}

/** The depth of a value by a recursive definition (an independent reference for small values). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('nesting depth', () => {
  it('accepts exactly 32 levels and refuses 33, naming the deepest allowed container', () => {
    expect(findTooDeep(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(findTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(`/a`.repeat(MAX_JSON_DEPTH));
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    const deep = nested(100_000);
    expect(inputLimitViolations(deep)).toEqual([
      expect.objectContaining({ limit: MAX_JSON_DEPTH, message: expect.stringContaining('32') }),
    ]);
    expect(findUnstorableText(nested(100_000, '"ok"'))).toBeNull();
    expect(findUnstorableText(nested(100_000, '"\\u0000"'))).toBe('/a'.repeat(100_000));
  });

  it('agrees with a recursive depth on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (value, max) => {
        expect(findTooDeep(value, max) === null).toBe(depthOf(value) <= max);
      }),
    );
  });
});

describe('context limits', () => {
  it('allows 64 keys and refuses 65, naming the field and the limit', () => {
    const context = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(contextViolations(context(MAX_CONTEXT_KEYS))).toEqual([]);
    expect(contextViolations(context(MAX_CONTEXT_KEYS + 1))).toEqual([
      { path: '/context', message: expect.stringContaining('64 keys'), limit: 64, value: 65 },
    ]);
  });

  it('counts UTF-8 bytes, not UTF-16 units: 512 two-byte characters are 1 KiB', () => {
    expect(contextViolations({ s: 'é'.repeat(512) })).toEqual([]);
    expect(contextViolations({ s: 'é'.repeat(513) })).toEqual([
      { path: '/context/s', message: expect.any(String), limit: MAX_CONTEXT_STRING_BYTES, value: 1026 },
    ]);
    expect(contextViolations({ tags: ['ok', 'x'.repeat(1025)] })[0]?.path).toBe('/context/tags/1');
  });

  it('refuses a context over 16 KiB serialized even when every string is small', () => {
    const context = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]));
    const violations = contextViolations(context);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ path: '/context', limit: MAX_CONTEXT_BYTES });
    expect(violations[0]!.value).toBe(new TextEncoder().encode(JSON.stringify(context)).length);
  });

  it('finds contexts of recommend and of warm-start outcomes, escaping pointer tokens', () => {
    const big = { 'a/b': 'x'.repeat(2000) };
    expect(inputLimitViolations({ context: big }).map((v) => v.path)).toEqual(['/context/a~1b']);
    expect(inputLimitViolations({ outcomes: [{}, { context: big }] }).map((v) => v.path)).toEqual([
      '/outcomes/1/context/a~1b',
    ]);
  });

  it('treats built-in names as ordinary keys', () => {
    const context = JSON.parse('{"__proto__": "x", "constructor": 1, "toString": "y"}');
    expect(contextViolations(context)).toEqual([]);
    expect(contextViolations({ ...context, valueOf: 'z'.repeat(2000) })[0]?.path).toBe('/context/valueOf');
  });
});

describe('storable text', () => {
  it('keeps document order: the first bad string or key is reported', () => {
    expect(findUnstorableText({ a: ['ok', 'b\u0000'], 'c\u0000': 'x' })).toBe('/a/1');
    expect(findUnstorableText({ 'c\uD800': 'x', d: 'e\u0000' })).toBe('/c\uD800');
  });
});

describe('the reserved name __proto__', () => {
  it('is refused as a context key and a feature name, naming where', () => {
    const body = JSON.parse(
      '{"context": {"__proto__": 1, "ok": 2}, "features": [{"name": "__proto__", "kind": "numeric"}]}',
    );
    expect(inputLimitViolations(body).map((v) => v.path)).toEqual(['/context/__proto__', '/features/0/name']);
  });

  it('leaves the other built-in names alone', () => {
    const body = {
      context: { constructor: 1, toString: 'a' },
      features: [{ name: 'valueOf', kind: 'numeric' }],
    };
    expect(inputLimitViolations(body)).toEqual([]);
  });
});
