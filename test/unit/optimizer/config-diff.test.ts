import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConfigChange, configChanges } from '../../../src/optimizer/config-diff';

/** Applies changes by JSON Pointer (an independent reader of the pointers the diff writes). */
function applyChanges(before: unknown, changes: ConfigChange[]): unknown {
  let doc = structuredClone(before);
  for (const { path, to } of changes) {
    if (path === '') {
      doc = structuredClone(to);
      continue;
    }
    const tokens = path
      .slice(1)
      .split('/')
      .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    let node = doc as Record<string, unknown>;
    for (const t of tokens.slice(0, -1)) node = node[t] as Record<string, unknown>;
    node[tokens.at(-1)!] = structuredClone(to);
  }
  return doc;
}

/** JSON-like values without null-valued keys (a missing key reads as null). */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    fc.integer(),
    fc.string({ maxLength: 4 }),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c/d', 'e~f'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const dropNulls = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(dropNulls)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== null)
            .map(([k, x]) => [k, dropNulls(x)]),
        )
      : v;

describe('configChanges', () => {
  it('names each changed leaf by JSON Pointer with its old and new value', () => {
    const before = { arms: [{ id: 'a', params: { temperature: 0.7 } }], budget: { dailyTokens: 10 } };
    const after = { arms: [{ id: 'a', params: { temperature: 0.9 } }], budget: {} };
    expect(configChanges(before, after)).toEqual([
      { path: '/arms/0/params/temperature', from: 0.7, to: 0.9 },
      { path: '/budget/dailyTokens', from: 10, to: null },
    ]);
  });

  it('replaces an array whole when its length changes, and reports nothing for equal configs', () => {
    expect(configChanges({ arms: [1, 2] }, { arms: [1, 2, 3] })).toEqual([
      { path: '/arms', from: [1, 2], to: [1, 2, 3] },
    ]);
    expect(configChanges({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2 }] } })).toEqual([]);
  });

  it('is a whole-document change on create', () => {
    expect(configChanges(null, { a: 1 })).toEqual([{ path: '', from: null, to: { a: 1 } }]);
  });

  it('applied to the old config by pointer, always yields the new one', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const [before, after] = [dropNulls(a), dropNulls(b)];
        const patched = applyChanges(before, configChanges(before, after));
        expect(dropNulls(patched)).toEqual(after);
      }),
      { numRuns: 300 },
    );
  });
});
