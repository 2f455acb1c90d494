import { seededRng } from '../bandit/prng';

/**
 * How often each row is drawn in one bootstrap resample, as counts per row.
 *
 * These loops run ~10⁹ times for a million-row log with 1000 resamples. Through the shared
 * `Rng` closure a draw costs ~9 ns here (V8 boxes the captured state); so the shared
 * generator only seeds each resample, and xoshiro128** is stepped inline with its state in
 * local variables, ~2–3 ns a draw (inline sfc32 measured ~2× slower in this loop).
 */

/** xoshiro128** state for one resample: four 32-bit words from the shared generator's stream. */
function initialState(seed: string | number): [number, number, number, number] {
  const rng = seededRng(seed);
  const word = () => Math.floor(rng() * 4294967296) | 0;
  // All-zero is xoshiro's one fixed point; a 2⁻¹²⁸ chance, but cheap to rule out.
  const state: [number, number, number, number] = [word(), word(), word(), word()];
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return state;
}

/** n draws with replacement: `counts[⌊u·n⌋]++` for n uniforms u. Returns the resample size n. */
export function drawIndexCounts(counts: Uint16Array, seed: string | number): number {
  const state = initialState(seed);
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  const n = counts.length;
  for (let draw = 0; draw < n; draw++) {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    counts[Math.floor((result / 4294967296) * n)]!++;
  }
  return n;
}

// P(Poisson(1) ≤ k) for k = 0…11; the tail beyond (< 1e-9) is folded into 12.
const POISSON_ONE_CDF = (() => {
  const cdf = new Float64Array(12);
  let term = Math.exp(-1);
  let total = 0;
  for (let k = 0; k < 12; k++) {
    total += term;
    cdf[k] = total;
    term /= k + 1;
  }
  return cdf;
})();

const CDF0 = POISSON_ONE_CDF[0]!;
const CDF1 = POISSON_ONE_CDF[1]!;
const CDF2 = POISSON_ONE_CDF[2]!;
const CDF3 = POISSON_ONE_CDF[3]!;
const CDF4 = POISSON_ONE_CDF[4]!;
const CDF5 = POISSON_ONE_CDF[5]!;

/** An independent Poisson(1) count per row, by inverse CDF. Returns the resample size Σ counts. */
export function drawPoissonCounts(counts: Uint16Array, seed: string | number): number {
  const state = initialState(seed);
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    const u = result / 4294967296;
    // Branch-free for the common counts 0…5 (a random 0/1/2 branch mispredicts half the
    // time); the loop only runs for the rare tail.
    let count = +(u >= CDF0) + +(u >= CDF1) + +(u >= CDF2) + +(u >= CDF3) + +(u >= CDF4) + +(u >= CDF5);
    if (count === 6) while (count < POISSON_ONE_CDF.length && u >= POISSON_ONE_CDF[count]!) count++;
    counts[i] = count;
    total += count;
  }
  return total;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
