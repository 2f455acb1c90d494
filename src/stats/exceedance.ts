/**
 * Evidence about a rate from a count alone: "k of n indicators are 1". A mixture over a fixed
 * grid of constant bets λ (Waudby-Smith & Ramdas's grid-mixture wealth) has wealth
 *   W(k, n) = Σⱼ wⱼ · (1 + λⱼ(1 − m))ᵏ · (1 − λⱼ m)ⁿ⁻ᵏ     (alternative: rate > m)
 * which is a non-negative supermartingale while the rate is ≤ m; by Ville's inequality it ever
 * reaches 1/α with probability ≤ α. Because the bets are constants, W is monotone in every
 * indicator — which is what keeps it valid when the indicators are recomputed against a moving
 * threshold (latency exceedances, see latency-exceedance.ts): fewer 1s never raise the wealth.
 *
 * Both directions are exposed as the smallest count that proves "rate > m" and the largest
 * count that proves "rate < m" at each n, memoised per (m, α) because the guard asks after
 * every outcome and both move by at most one step per observation.
 */

const GRID_SIZE = 24;

interface Direction {
  /** log-factor of the wealth per 1 and per 0, for each grid bet */
  logOne: Float64Array;
  logZero: Float64Array;
}

/**
 * Half the prior weight on the boldest bet (the one that wins fastest when no value is on the
 * wrong side at all: ~1.2× the fixed-n sample size for a p99 bound instead of ~1.6×), the rest
 * spread evenly. Any fixed weights summing to 1 keep the mixture a supermartingale.
 */
const LOG_WEIGHTS = Array.from({ length: GRID_SIZE }, (_, j) =>
  Math.log(j === GRID_SIZE - 1 ? 0.5 : 0.5 / (GRID_SIZE - 1)),
);

function logSumExp(values: Float64Array | number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * log W(k, n) for "rate > m": the grid is geometric between 1 % and 99.9 % of the
 * largest legal bet 1/m, weighted as LOG_WEIGHTS says.
 */
export function logWealthAbove(k: number, n: number, m: number): number {
  const d = directionAbove(m);
  return logWealthOf(d, k, n);
}

/** log W for "rate < m": bets on the complement, λ up to 1/(1 − m). */
export function logWealthBelow(k: number, n: number, m: number): number {
  const d = directionBelow(m);
  return logWealthOf(d, k, n);
}

const terms = new Float64Array(GRID_SIZE);

function logWealthOf(d: Direction, k: number, n: number): number {
  for (let j = 0; j < GRID_SIZE; j++) terms[j] = LOG_WEIGHTS[j]! + k * d.logOne[j]! + (n - k) * d.logZero[j]!;
  return logSumExp(terms);
}

const cacheAbove = new Map<number, Direction>();
const cacheBelow = new Map<number, Direction>();

/**
 * Bets λ = f/adverse with f geometric in [0.01, 0.999], so the adverse outcome never costs more
 * than 99.9 % of the wealth; `favourable` is what a winning outcome pays per unit of λ.
 */
function gridBets(favourable: number, adverse: number): { win: Float64Array; lose: Float64Array } {
  const win = new Float64Array(GRID_SIZE);
  const lose = new Float64Array(GRID_SIZE);
  for (let j = 0; j < GRID_SIZE; j++) {
    const lambda = (0.01 * 99.9 ** (j / (GRID_SIZE - 1))) / adverse;
    win[j] = Math.log1p(lambda * favourable);
    lose[j] = Math.log1p(-lambda * adverse);
  }
  return { win, lose };
}

function checkRate(m: number): void {
  if (!(m > 0 && m < 1)) throw new RangeError(`exceedance: m must be in (0, 1), got ${m}`);
}

function directionAbove(m: number): Direction {
  let d = cacheAbove.get(m);
  if (!d) {
    checkRate(m);
    // wealth factor 1 + λ(x − m): a 1 wins 1 − m, a 0 loses m
    const { win, lose } = gridBets(1 - m, m);
    d = { logOne: win, logZero: lose };
    cacheAbove.set(m, d);
  }
  return d;
}

function directionBelow(m: number): Direction {
  let d = cacheBelow.get(m);
  if (!d) {
    checkRate(m);
    // wealth factor 1 − λ(x − m): a 0 wins m, a 1 loses 1 − m
    const { win, lose } = gridBets(m, 1 - m);
    d = { logOne: lose, logZero: win };
    cacheBelow.set(m, d);
  }
  return d;
}

/**
 * Memo tables per direction, rate and α, in a short list scanned linearly: a guard uses a
 * handful of (rate, α) pairs, and comparing numbers is much cheaper than hashing them.
 */
interface Memo {
  m: number;
  alpha: number;
  table: number[];
}
const memoAbove: Memo[] = [];
const memoBelow: Memo[] = [];

function tableOf(memo: Memo[], m: number, alpha: number): number[] {
  for (const entry of memo) if (entry.m === m && entry.alpha === alpha) return entry.table;
  const entry = { m, alpha, table: [] };
  memo.unshift(entry);
  return entry.table;
}

/**
 * The smallest count k with W(k, n) ≥ 1/α for "rate > m" (Infinity when even k = n is not
 * enough). Non-decreasing in n; memoised.
 */
export function minCountProvingAbove(n: number, m: number, alpha: number): number {
  const table = tableOf(memoAbove, m, alpha);
  const level = Math.log(1 / alpha);
  for (let size = table.length; size <= n; size++) {
    let k = size === 0 ? 0 : Math.min(table[size - 1]!, size);
    while (k <= size && logWealthAbove(k, size, m) < level) k++;
    table.push(k);
  }
  const k = table[n]!;
  return k > n ? Number.POSITIVE_INFINITY : k;
}

/**
 * The largest count k with W(k, n) ≥ 1/α for "rate < m" (−1 when even k = 0 is not enough).
 * Non-decreasing in n; memoised.
 */
export function maxCountProvingBelow(n: number, m: number, alpha: number): number {
  const table = tableOf(memoBelow, m, alpha);
  const level = Math.log(1 / alpha);
  for (let size = table.length; size <= n; size++) {
    let k = size === 0 ? -1 : table[size - 1]!;
    while (k + 1 <= size && logWealthBelow(k + 1, size, m) >= level) k++;
    table.push(k);
  }
  return table[n]!;
}
