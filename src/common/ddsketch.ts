/**
 * DDSketch (Masson, Rim & Lee, VLDB 2019) for non-negative values such as latencies: log-spaced
 * buckets of ratio γ = (1 + α)/(1 − α). Any quantile it returns is within relative error α of
 * the exact order statistic of the same rank, for every value > 0 (zeros are counted exactly).
 * Sketches with the same α merge by adding counts, so merging equals sketching the union:
 * per-bucket windows and future shards add up exactly.
 *
 * Values are kept in a plain, immutable object; every operation returns a new sketch.
 */

export interface Sketch {
  /** relative accuracy α ∈ (0, 1) */
  readonly alpha: number;
  /** number of values */
  readonly count: number;
  /** values equal to 0 */
  readonly zeroCount: number;
  /** key of `bins[0]`: bucket k holds values in (γ^(k−1), γ^k] */
  readonly offset: number;
  /** counts of consecutive keys from `offset`; first and last are non-zero when non-empty */
  readonly bins: readonly number[];
  /** exact smallest and largest value; NaN when empty */
  readonly min: number;
  readonly max: number;
}

/** A value of some rank: the sketch's estimate and the bucket that surely holds the exact value. */
export interface RankedValue {
  estimate: number;
  /** the exact order statistic is in [low, high] */
  low: number;
  high: number;
}

export const DEFAULT_SKETCH_ALPHA = 0.01;

const EDGE_SLACK = 1e-12;

/** An empty sketch with relative accuracy α. */
export function emptySketch(alpha = DEFAULT_SKETCH_ALPHA): Sketch {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`emptySketch: alpha must be in (0, 1), got ${alpha}`);
  return { alpha, count: 0, zeroCount: 0, offset: 0, bins: [], min: Number.NaN, max: Number.NaN };
}

function gammaOf(alpha: number): number {
  return (1 + alpha) / (1 - alpha);
}

/** Bucket key of x > 0: the k with γ^(k−1) < x ≤ γ^k. */
function keyOf(x: number, lnGamma: number): number {
  // + 0 turns −0 into 0, so equal sketches compare equal after a JSON round trip.
  return Math.ceil(Math.log(x) / lnGamma) + 0;
}

/** The sketch with `value` (≥ 0, finite) added once. */
export function addToSketch(sketch: Sketch, value: number): Sketch {
  if (!(value >= 0 && Number.isFinite(value)))
    throw new RangeError(`addToSketch: value must be finite and ≥ 0, got ${value}`);
  const count = sketch.count + 1;
  const min = sketch.count === 0 ? value : Math.min(sketch.min, value);
  const max = sketch.count === 0 ? value : Math.max(sketch.max, value);
  if (value === 0) return { ...sketch, count, zeroCount: sketch.zeroCount + 1, min, max };
  const key = keyOf(value, Math.log(gammaOf(sketch.alpha)));
  if (sketch.bins.length === 0) return { ...sketch, count, offset: key, bins: [1], min, max };
  if (key >= sketch.offset && key < sketch.offset + sketch.bins.length) {
    const bins = sketch.bins.slice();
    bins[key - sketch.offset]! += 1;
    return { ...sketch, count, bins, min, max };
  }
  const offset = Math.min(sketch.offset, key);
  const length = Math.max(sketch.offset + sketch.bins.length, key + 1) - offset;
  const bins = new Array<number>(length).fill(0);
  for (let i = 0; i < sketch.bins.length; i++) bins[sketch.offset - offset + i] = sketch.bins[i]!;
  bins[key - offset]! += 1;
  return { ...sketch, count, offset, bins, min, max };
}

/** The sketch of the union of both samples; both must share α. */
export function mergeSketches(a: Sketch, b: Sketch): Sketch {
  if (a.alpha !== b.alpha) throw new RangeError(`mergeSketches: alpha differs (${a.alpha} vs ${b.alpha})`);
  if (b.count === 0) return a;
  if (a.count === 0) return b;
  let offset: number;
  let bins: number[];
  if (a.bins.length === 0 || b.bins.length === 0) {
    const only = a.bins.length === 0 ? b : a;
    offset = only.offset;
    bins = [...only.bins];
  } else {
    offset = Math.min(a.offset, b.offset);
    const end = Math.max(a.offset + a.bins.length, b.offset + b.bins.length);
    bins = new Array<number>(end - offset).fill(0);
    for (let i = 0; i < a.bins.length; i++) bins[a.offset - offset + i]! += a.bins[i]!;
    for (let i = 0; i < b.bins.length; i++) bins[b.offset - offset + i]! += b.bins[i]!;
  }
  return {
    alpha: a.alpha,
    count: a.count + b.count,
    zeroCount: a.zeroCount + b.zeroCount,
    offset,
    bins,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
}

/** The sketch of the union of many samples in one pass (one allocation, for window views). */
export function mergeAllSketches(sketches: readonly Sketch[], alpha: number): Sketch {
  let count = 0;
  let zeroCount = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let offset = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const s of sketches) {
    if (s.alpha !== alpha) throw new RangeError(`mergeAllSketches: alpha differs (${s.alpha} vs ${alpha})`);
    if (s.count === 0) continue;
    count += s.count;
    zeroCount += s.zeroCount;
    min = Math.min(min, s.min);
    max = Math.max(max, s.max);
    if (s.bins.length === 0) continue;
    offset = Math.min(offset, s.offset);
    end = Math.max(end, s.offset + s.bins.length);
  }
  if (count === 0) return emptySketch(alpha);
  if (end < offset) return { alpha, count, zeroCount, offset: 0, bins: [], min, max };
  const bins = new Array<number>(end - offset).fill(0);
  for (const s of sketches) {
    const shift = s.offset - offset;
    for (let i = 0; i < s.bins.length; i++) bins[shift + i]! += s.bins[i]!;
  }
  return { alpha, count, zeroCount, offset, bins, min, max };
}

/**
 * The value of 0-based ascending rank r ∈ [0, count − 1]: the estimate (relative error ≤ α)
 * and the bucket edges that surely contain the exact order statistic, clipped to [min, max].
 */
export function valueAtRank(sketch: Sketch, rank: number): RankedValue {
  if (!(Number.isInteger(rank) && rank >= 0 && rank < sketch.count))
    throw new RangeError(`valueAtRank: rank must be an integer in [0, ${sketch.count - 1}], got ${rank}`);
  // The extremes are kept exactly; no need to pay the bucket's width for them.
  if (rank === 0) return { estimate: sketch.min, low: sketch.min, high: sketch.min };
  if (rank === sketch.count - 1) return { estimate: sketch.max, low: sketch.max, high: sketch.max };
  if (rank < sketch.zeroCount) return { estimate: 0, low: 0, high: 0 };
  const gamma = gammaOf(sketch.alpha);
  let seen = sketch.zeroCount;
  for (let i = 0; i < sketch.bins.length; i++) {
    seen += sketch.bins[i]!;
    if (seen > rank) {
      const upper = gamma ** (sketch.offset + i);
      const lower = upper / gamma;
      // 2γᵏ/(γ + 1) is within relative α of every value in (γᵏ⁻¹, γᵏ].
      const estimate = (2 * upper) / (gamma + 1);
      // Slack of a few ulps: a value on a bucket edge may round into the next key.
      return {
        estimate: Math.min(Math.max(estimate, sketch.min), sketch.max),
        low: Math.max(lower * (1 - EDGE_SLACK), sketch.min),
        high: Math.min(upper * (1 + EDGE_SLACK), sketch.max),
      };
    }
  }
  throw new Error('valueAtRank: bins do not add up to count');
}

/** The q-quantile, q ∈ [0, 1], at rank ⌊q·(count − 1)⌋ as in the DDSketch paper; NaN when empty. */
export function sketchQuantile(sketch: Sketch, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`sketchQuantile: q must be in [0, 1], got ${q}`);
  if (sketch.count === 0) return Number.NaN;
  return valueAtRank(sketch, Math.floor(q * (sketch.count - 1))).estimate;
}
