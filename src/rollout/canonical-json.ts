import { canonicalJson as canonicalForm } from '../bandit/fingerprint';

/**
 * Canonical JSON for hashing audit events: the project's one canonical form (keys sorted by
 * UTF-16 code units, no whitespace; src/bandit/fingerprint.ts), but strict. Values JSON cannot
 * carry unambiguously (NaN, ±Infinity, functions, bigint) are a broken invariant here and
 * throw, instead of quietly becoming `null` in a hash that must verify later.
 */
export function canonicalJson(value: unknown): string {
  assertJsonValue(value);
  return canonicalForm(value);
}

function assertJsonValue(value: unknown): void {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new RangeError(`canonicalJson: ${value} has no JSON form`);
  if (typeof value === 'function' || typeof value === 'bigint' || typeof value === 'symbol') {
    throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
  if (value !== null && typeof value === 'object') {
    for (const item of Array.isArray(value) ? value : Object.values(value))
      if (item !== undefined) assertJsonValue(item);
  }
}
