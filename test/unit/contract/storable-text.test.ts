import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnstorableText } from '../../../src/contract/storable-text';

describe('text Postgres can store', () => {
  it('accepts any well-formed text without NUL, surrogate pairs (emoji) included', () => {
    expect(
      findUnstorableText({ note: 'naïve 😀 日本語', tags: ['a', 'b'], n: 1, ok: true, none: null }),
    ).toBeNull();
  });

  it('points at a NUL character in a value', () => {
    expect(findUnstorableText({ context: { user: 'a\u0000b' } })).toBe('/context/user');
  });

  it('points at an unpaired surrogate in an array item', () => {
    expect(findUnstorableText({ tags: ['fine', '\ud800'] })).toBe('/tags/1');
  });

  it("points at a bad key with its member's pointer, escaping ~ and / as RFC 6901 says", () => {
    expect(findUnstorableText({ 'a/b~\u0000': 1 })).toBe('/a~1b~0\u0000');
  });

  it('names the first offender in document order', () => {
    expect(findUnstorableText({ a: ['ok', '\u0000'], b: '\u0000' })).toBe('/a/1');
  });

  it('finds a NUL placed after any storable JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, text) => {
        // JSON.stringify escapes exactly the offenders: NUL as \u0000, a lone surrogate as \udXXX.
        fc.pre(!/\\u(0000|d[89a-f])/i.test(JSON.stringify(value)));
        expect(findUnstorableText(value)).toBeNull();
        expect(findUnstorableText({ value, bad: `${text}\u0000` })).toBe('/bad');
      }),
    );
  });
});
