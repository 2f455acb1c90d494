import { canonicalJson } from '../common/canonical-json';

/**
 * Two 32-bit lanes of a cyrb53-style hash (Math.imul mixing over UTF-16 code units).
 * Integer-only, so the result is the same on every engine.
 */
function hashLanes(s: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** Stable 64-bit hash of a string as 16 lowercase hex digits. Sync and pure (no crypto.subtle). */
export function hashString(s: string): string {
  const [h1, h2] = hashLanes(s);
  return h2.toString(16).padStart(8, '0') + h1.toString(16).padStart(8, '0');
}

/** hashString(canonicalJson(context)): equal contexts up to key order share a fingerprint. */
export function contextFingerprint(context: unknown): string {
  return hashString(canonicalJson(context));
}

/** A uniform number in [0, 1) from a string (53 bits of its hash), for sticky cohort assignment by unit id. */
export function unitInterval(s: string): number {
  const [h1, h2] = hashLanes(s);
  return ((h2 & 0x1fffff) * 4294967296 + h1) / 9007199254740992;
}
