/** Uniform in [0, 1). */
export type Rng = () => number;

const TWO_POW_32 = 4294967296;

/**
 * cyrb128: four 32-bit lanes from a string, enough to seed sfc32's 128-bit state.
 * Integer-only arithmetic (Math.imul, >>>), so every JS engine computes the same lanes.
 */
function seedLanes(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Deterministic PRNG (sfc32) seeded by hashing the seed; same seed ⇒ same stream, on every runtime.
 * A number seed is hashed as its decimal string, so `seededRng(42)` and `seededRng('42')` agree.
 * Outputs are multiples of 2⁻³², in [0, 1).
 */
export function seededRng(seed: string | number): Rng {
  let [a, b, c, d] = seedLanes(String(seed));
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / TWO_POW_32;
  };
  // sfc32's author discards the first outputs so that similar seeds have diverged.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * Uniform integer in [0, n), exactly uniform for any Rng with at least 32 bits of resolution:
 * rejection removes the modulo bias that `floor(u·n)` would leave (it matters for exact propensities).
 */
export function randomInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
    throw new RangeError(`randomInt: n must be an integer in [1, 2^32], got ${n}`);
  }
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  for (;;) {
    const x = Math.floor(rng() * TWO_POW_32);
    if (x < limit) return x % n;
  }
}
