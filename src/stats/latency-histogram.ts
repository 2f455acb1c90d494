/**
 * A log-bucketed latency histogram (the DDSketch layout, Masson et al. 2019: bucket k holds
 * (γᵏ⁻¹, γᵏ], γ = (1 + a)/(1 − a)) that is mutated in place, because the guard folds one value
 * per outcome and a copy per fold would dominate its cost. It is a plain JSON object, so the
 * Durable Object persists it as is, and its size is bounded by the range of values, not their
 * number (1 ms … 1,000 s is < 700 buckets at a = 1 %): this is the "stored treated latencies"
 * that the exceedance test recomputes against a moving threshold.
 *
 * Queries answer conservatively: a count of values *surely* above a threshold (whole buckets
 * whose lower edge is ≥ it) and the *upper* edge of the bucket holding a rank.
 */

export interface LatencyHistogram {
  /** relative accuracy a */
  accuracy: number;
  /** values folded */
  n: number;
  /** values ≤ 0 (a latency of 0 is legal) */
  zeros: number;
  /** key of counts[0] */
  offset: number;
  counts: number[];
}

export function emptyLatencyHistogram(accuracy = 0.01): LatencyHistogram {
  if (!(accuracy > 0 && accuracy < 1))
    throw new RangeError('emptyLatencyHistogram: accuracy must be in (0, 1)');
  return { accuracy, n: 0, zeros: 0, offset: 0, counts: [] };
}

const logGamma = (h: LatencyHistogram) => Math.log((1 + h.accuracy) / (1 - h.accuracy));

/** Upper edge γᵏ of bucket k. */
export function bucketUpperEdge(h: LatencyHistogram, key: number): number {
  return Math.exp(key * logGamma(h));
}

/** Adds one value (mutates and returns the histogram). */
export function foldLatency(h: LatencyHistogram, value: number): LatencyHistogram {
  if (!(value >= 0 && Number.isFinite(value)))
    throw new RangeError(`foldLatency: need a finite value ≥ 0, got ${value}`);
  h.n += 1;
  if (value === 0) {
    h.zeros += 1;
    return h;
  }
  const key = Math.ceil(Math.log(value) / logGamma(h) - 1e-12);
  if (h.counts.length === 0) {
    h.offset = key;
    h.counts.push(0);
  } else if (key < h.offset) {
    h.counts.unshift(...new Array<number>(h.offset - key).fill(0));
    h.offset = key;
  }
  const index = key - h.offset;
  while (h.counts.length <= index) h.counts.push(0);
  h.counts[index]! += 1;
  return h;
}

/** How many values are surely > threshold: whole buckets whose lower edge γᵏ⁻¹ is ≥ it. */
export function countSurelyAbove(h: LatencyHistogram, threshold: number): number {
  if (!(threshold > 0)) return threshold <= 0 ? h.n - h.zeros : 0;
  // The first key whose lower edge is ≥ threshold: k − 1 ≥ log_γ(threshold). The small slack
  // only ever excludes a bucket, so rounding cannot over-count.
  const firstKey = Math.ceil(Math.log(threshold) / logGamma(h) + 1e-9) + 1;
  let count = 0;
  for (let i = Math.max(0, firstKey - h.offset); i < h.counts.length; i++) count += h.counts[i]!;
  return count;
}

/**
 * An upper bound of the r-th largest value (r = 1 is the maximum): the upper edge of its
 * bucket. NaN when r is out of 1…n.
 */
export function largestValueBound(h: LatencyHistogram, r: number): number {
  if (!(r >= 1 && r <= h.n)) return Number.NaN;
  let seen = 0;
  for (let i = h.counts.length - 1; i >= 0; i--) {
    seen += h.counts[i]!;
    if (seen >= r) return bucketUpperEdge(h, h.offset + i) * (1 + 1e-12);
  }
  return 0;
}

/** The q-quantile estimate (order statistic of rank ⌊q(n − 1)⌋ from the bottom, bucket midpoint in log space). */
export function latencyQuantile(h: LatencyHistogram, q: number): number {
  if (h.n === 0) return Number.NaN;
  const rank = Math.floor(q * (h.n - 1));
  // rank from the bottom = (n − rank)-th largest
  const upper = largestValueBound(h, h.n - rank);
  return upper === 0 ? 0 : upper * (1 - h.accuracy);
}
