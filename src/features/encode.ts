import type { z } from 'zod';
import type { Feature as FeatureSchema } from '../contract/task-type';
import { bucketOf, CATEGORY_BUCKETS, TAG_BUCKETS } from './buckets';

export type Feature = z.infer<typeof FeatureSchema>;
export type ContextInput = Record<string, number | boolean | string | string[]>;

export interface EncodedContext {
  /** intercept first, then each feature's coordinates in config order; length featureDimension */
  x: Float64Array;
  /** context keys the config does not declare, sorted (the caller counts them) */
  unknownKeys: string[];
  /** declared keys whose value had the wrong type or was not finite, sorted; encoded as missing */
  invalidKeys: string[];
}

/**
 * Coordinates per feature kind. Scalars carry a missing flag beside the value so that "absent"
 * learns its own offset instead of posing as 0 (a riskTier of 0 is a real, low risk).
 * Category and tags need none: all-zero buckets already say "absent".
 */
function widthOf(kind: Feature['kind']): number {
  switch (kind) {
    case 'numeric':
    case 'log':
    case 'bool':
      return 2;
    case 'category':
      return CATEGORY_BUCKETS;
    case 'tags':
      return TAG_BUCKETS;
  }
}

/** d = 1 (intercept) + Σ widths: fixed by the config, whatever the context holds. */
export function featureDimension(features: readonly Feature[]): number {
  return features.reduce((d, f) => d + widthOf(f.kind), 1);
}

/** One label per coordinate of `x`, for coefficients and feature attribution on the dashboard. */
export function featureNames(features: readonly Feature[]): string[] {
  const names = ['(intercept)'];
  for (const { name, kind } of features) {
    switch (kind) {
      case 'numeric':
      case 'bool':
        names.push(name, `${name}:missing`);
        break;
      case 'log':
        names.push(`log1p(${name})`, `${name}:missing`);
        break;
      case 'category':
        for (let b = 0; b < CATEGORY_BUCKETS; b++) names.push(`${name}#${b}`);
        break;
      case 'tags':
        for (let b = 0; b < TAG_BUCKETS; b++) names.push(`${name}[]#${b}`);
        break;
    }
  }
  return names;
}

/** The scalar value of a feature, or undefined when it is missing or unusable. */
/** Numeric feature values beyond this magnitude are treated as missing (and listed as invalid). */
export const MAX_FEATURE_MAGNITUDE = 1e9;

function scalarOf(kind: 'numeric' | 'log' | 'bool', raw: unknown): number | undefined {
  if (kind === 'bool') return typeof raw === 'boolean' ? (raw ? 1 : 0) : undefined;
  // Beyond ±1e9 a value is a client bug, and squared in A it would overflow the linear models.
  if (typeof raw !== 'number' || !Number.isFinite(raw) || Math.abs(raw) > MAX_FEATURE_MAGNITUDE)
    return undefined;
  // log1p of a clamped value: token counts and sizes span orders of magnitude, and a negative
  // one is a client bug we would rather flatten to 0 than turn into NaN.
  return kind === 'log' ? Math.log1p(Math.max(0, raw)) : raw;
}

/**
 * Encodes a request context for the linear policies. Deterministic: the output depends only on
 * the config and the context's values, never on key order. Wrong-typed or non-finite values
 * are encoded as missing (and listed in invalidKeys); undeclared keys are ignored (and listed).
 */
export function encodeContext(features: readonly Feature[], context: ContextInput): EncodedContext {
  const x = new Float64Array(featureDimension(features));
  x[0] = 1;
  const invalidKeys: string[] = [];
  const declared = new Set<string>();
  let at = 1;
  for (const { name, kind } of features) {
    declared.add(name);
    const present = Object.hasOwn(context, name);
    const raw: unknown = present ? context[name] : undefined;
    let valid = true;
    if (kind === 'numeric' || kind === 'log' || kind === 'bool') {
      const value = scalarOf(kind, raw);
      if (value === undefined) {
        x[at + 1] = 1;
        valid = false;
      } else {
        x[at] = value;
      }
    } else if (kind === 'category') {
      if (typeof raw === 'string') x[at + bucketOf(name, raw, CATEGORY_BUCKETS)] = 1;
      else valid = false;
    } else if (Array.isArray(raw) && raw.every((tag) => typeof tag === 'string')) {
      // A bag of distinct tags: a repeated tag counts once, colliding tags add up.
      for (const tag of new Set(raw)) x[at + bucketOf(name, tag, TAG_BUCKETS)]! += 1;
    } else {
      valid = false;
    }
    if (present && !valid) invalidKeys.push(name);
    at += widthOf(kind);
  }
  const unknownKeys = Object.keys(context).filter((key) => !declared.has(key));
  return { x, unknownKeys: unknownKeys.sort(), invalidKeys: invalidKeys.sort() };
}
