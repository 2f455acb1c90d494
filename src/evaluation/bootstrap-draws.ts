import { xoshiro128Fill, xoshiro128State } from '../common/xoshiro128';

/**
 * How often each row is drawn in one bootstrap resample, as counts per row. These loops run
 * ~10⁹ times for a million-row log with 1000 resamples, so uniforms come a block at a time
 * from xoshiro128** (src/common/xoshiro128.ts), not one closure call per draw.
 */

/** Uniforms per block: small enough to stay in L1, large enough to amortise the call. */
const BLOCK = 1024;
const block = new Float64Array(BLOCK);

/** n draws with replacement: `counts[⌊u·n⌋]++` for n uniforms u. Returns the resample size n. */
export function drawIndexCounts(counts: Uint16Array, seed: string | number): number {
  const state = xoshiro128State(seed);
  const n = counts.length;
  for (let start = 0; start < n; start += BLOCK) {
    xoshiro128Fill(state, block);
    const end = Math.min(BLOCK, n - start);
    for (let j = 0; j < end; j++) counts[Math.floor(block[j]! * n)]!++;
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
  const state = xoshiro128State(seed);
  let total = 0;
  for (let start = 0; start < counts.length; start += BLOCK) {
    xoshiro128Fill(state, block);
    const end = Math.min(BLOCK, counts.length - start);
    for (let j = 0; j < end; j++) {
      const u = block[j]!;
      // Branch-free for the common counts 0…5 (a random 0/1/2 branch mispredicts half the
      // time); the loop only runs for the rare tail.
      let count = +(u >= CDF0) + +(u >= CDF1) + +(u >= CDF2) + +(u >= CDF3) + +(u >= CDF4) + +(u >= CDF5);
      if (count === 6) while (count < POISSON_ONE_CDF.length && u >= POISSON_ONE_CDF[count]!) count++;
      counts[start + j] = count;
      total += count;
    }
  }
  return total;
}
