/**
 * A tiny seeded PRNG for the evaluation code: xoshiro128**, seeded through FNV-1a and
 * splitmix32.
 *
 * Lives here only because `src/bandit/prng.ts` did not exist when offline evaluation was
 * written; it has the same shape (`Rng`, `seededRng`) so switching to the shared one is an
 * import change. The state is exposed (`xoshiroState`, `xoshiroNext`) because the bootstrap
 * draws ~10⁹ numbers and V8 only keeps the generator in registers when the loop inlines it.
 */

/** Uniform draws in [0, 1). */
export type Rng = () => number;

/** A deterministic generator: same seed, same stream. */
export function seededRng(seed: string | number): Rng {
  const state = xoshiroState(seed);
  return () => xoshiroNext(state) / 4294967296;
}

/** The 128-bit state for `seed` (never all zero). */
export function xoshiroState(seed: string | number): Int32Array {
  let x = hashSeed(seed);
  const state = new Int32Array(4);
  for (let i = 0; i < 4; i++) {
    // splitmix32 spreads one 32-bit hash over the four state words.
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = z ^ (z >>> 16);
  }
  return state;
}

/** Advance `state` in place; an unsigned 32-bit integer. */
export function xoshiroNext(state: Int32Array): number {
  const s0 = state[0]!;
  const s1 = state[1]!;
  const s2 = state[2]! ^ s0;
  const s3 = state[3]! ^ s1;
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  state[1] = s1 ^ s2;
  state[0] = s0 ^ s3;
  state[2] = s2 ^ (s1 << 9);
  state[3] = rotl(s3, 11);
  return result;
}

/** FNV-1a over a tagged string, so `"1"` and `1` seed different streams. */
function hashSeed(seed: string | number): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
