import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, CATEGORY_BUCKETS, TAG_BUCKETS } from '../../../src/features/buckets';
import { encodeContext, type Feature, featureDimension, featureNames } from '../../../src/features/encode';

const FEATURES: Feature[] = [
  { name: 'riskTier', kind: 'numeric' },
  { name: 'promptTokens', kind: 'log' },
  { name: 'urgent', kind: 'bool' },
  { name: 'lang', kind: 'category' },
  { name: 'labels', kind: 'tags' },
];

describe('encodeContext', () => {
  it('lays out intercept, value + missing flag per scalar, and hashed buckets', () => {
    const { x, unknownKeys, invalidKeys } = encodeContext(FEATURES, {
      riskTier: 3,
      promptTokens: 999,
      urgent: true,
      lang: 'ts',
      labels: ['diff', 'test', 'diff'],
      tenant: 'acme',
      app: 'x',
    });
    expect(x.length).toBe(1 + 2 + 2 + 2 + CATEGORY_BUCKETS + TAG_BUCKETS);
    expect(Array.from(x.slice(0, 7))).toEqual([1, 3, 0, Math.log(1000), 0, 1, 0]);
    const lang = new Array(CATEGORY_BUCKETS).fill(0);
    lang[bucketOf('lang', 'ts', CATEGORY_BUCKETS)] = 1;
    expect(Array.from(x.slice(7, 7 + CATEGORY_BUCKETS))).toEqual(lang);
    const tags = new Array(TAG_BUCKETS).fill(0);
    for (const t of ['diff', 'test']) tags[bucketOf('labels', t, TAG_BUCKETS)] += 1;
    expect(Array.from(x.slice(7 + CATEGORY_BUCKETS))).toEqual(tags);
    expect(unknownKeys).toEqual(['app', 'tenant']);
    expect(invalidKeys).toEqual([]);
  });

  it('encodes missing, wrong-typed and non-finite values as missing', () => {
    const { x, invalidKeys } = encodeContext(FEATURES, {
      riskTier: Number.NaN,
      urgent: 'yes',
      lang: 3,
      labels: 'diff',
    });
    // riskTier NaN → 0 with flag; promptTokens absent → 0 with flag; urgent wrong type → flag.
    expect(Array.from(x.slice(0, 7))).toEqual([1, 0, 1, 0, 1, 0, 1]);
    expect(x.slice(7).every((v) => v === 0)).toBe(true);
    expect(invalidKeys).toEqual(['labels', 'lang', 'riskTier', 'urgent']);
    expect(encodeContext(FEATURES, { promptTokens: Number.POSITIVE_INFINITY }).invalidKeys).toEqual([
      'promptTokens',
    ]);
  });

  it('clamps negative log inputs to log1p(0) = 0', () => {
    expect(encodeContext([{ name: 't', kind: 'log' }], { t: -5 }).x).toEqual(Float64Array.of(1, 0, 0));
  });

  it('names one label per coordinate', () => {
    const names = featureNames(FEATURES);
    expect(names.length).toBe(featureDimension(FEATURES));
    expect(names.slice(0, 7)).toEqual([
      '(intercept)',
      'riskTier',
      'riskTier:missing',
      'log1p(promptTokens)',
      'promptTokens:missing',
      'urgent',
      'urgent:missing',
    ]);
    expect(names[7]).toBe('lang#0');
    expect(names.at(-1)).toBe(`labels[]#${TAG_BUCKETS - 1}`);
  });

  it('spreads values over every bucket (2 000 values, each bucket within 4.5 sd of 250)', () => {
    const counts = new Array(CATEGORY_BUCKETS).fill(0);
    for (let i = 0; i < 2000; i++) counts[bucketOf('lang', `value-${i}`, CATEGORY_BUCKETS)] += 1;
    // Binomial(2000, 1/8): sd ≈ 14.8.
    for (const c of counts) expect(Math.abs(c - 250)).toBeLessThan(67);
  });
});

const featureList = fc.uniqueArray(
  fc.record({
    name: fc.string({ minLength: 1, maxLength: 8 }),
    kind: fc.constantFrom('numeric', 'log', 'bool', 'category', 'tags') as fc.Arbitrary<Feature['kind']>,
  }),
  { selector: (f) => f.name, maxLength: 8 },
);
const anyValue = fc.oneof(
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 6 }),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }),
);

describe('encodeContext properties', () => {
  it('is deterministic, ignores key order, keeps the dimension fixed and stays finite', () => {
    fc.assert(
      fc.property(featureList, fc.dictionary(fc.string({ maxLength: 8 }), anyValue), (features, context) => {
        const d = featureDimension(features);
        const a = encodeContext(features, context);
        const reversed = Object.fromEntries(Object.entries(context).reverse());
        const b = encodeContext(features, reversed);
        expect(a.x.length).toBe(d);
        expect(featureNames(features).length).toBe(d);
        expect(a.x[0]).toBe(1);
        expect(a.x.every(Number.isFinite)).toBe(true);
        expect(b).toEqual(a);
        expect(encodeContext(features, context)).toEqual(a);
      }),
      { numRuns: 1000 },
    );
  });
});
