import { ownValue } from '../common/own-key';

/**
 * Feature drift: each numeric feature's histogram over fixed bins in the recent window, against
 * the histogram of the window the policy was promoted on, compared by the Jensen–Shannon
 * divergence in bits (symmetric, bounded in [0, 1], defined even where one side has empty
 * bins — KL is not). Histograms add, so windows and shards merge like the SLO statistics.
 */

export interface Histogram {
  /** ascending bin edges; bin i holds edges[i−1] ≤ x < edges[i], plus an underflow and an overflow bin */
  edges: readonly number[];
  /** edges.length + 1 counts */
  counts: readonly number[];
}

/** `bins` equal-width bins over [min, max), with underflow and overflow bins outside. */
export function linearEdges(min: number, max: number, bins: number): number[] {
  if (!(max > min) || !(Number.isInteger(bins) && bins >= 1))
    throw new RangeError('linearEdges: need max > min, bins ≥ 1');
  return Array.from({ length: bins + 1 }, (_, i) => min + ((max - min) * i) / bins);
}

export function emptyHistogram(edges: readonly number[]): Histogram {
  for (let i = 1; i < edges.length; i++)
    if (!(edges[i]! > edges[i - 1]!)) throw new RangeError('emptyHistogram: edges must ascend strictly');
  return { edges, counts: new Array<number>(edges.length + 1).fill(0) };
}

/** Index of the bin holding x: the number of edges ≤ x. */
function binOf(edges: readonly number[], x: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (edges[mid]! <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function addToHistogram(histogram: Histogram, x: number): Histogram {
  if (Number.isNaN(x)) throw new RangeError('addToHistogram: NaN');
  const counts = histogram.counts.slice();
  counts[binOf(histogram.edges, x)]! += 1;
  return { edges: histogram.edges, counts };
}

export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  if (a.edges.length !== b.edges.length || a.edges.some((e, i) => e !== b.edges[i]))
    throw new RangeError('mergeHistograms: different edges');
  return { edges: a.edges, counts: a.counts.map((c, i) => c + b.counts[i]!) };
}

const total = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * JS(P ‖ Q) = ½·KL(P ‖ M) + ½·KL(Q ‖ M), M = ½(P + Q), in bits, from two count (or probability)
 * vectors of equal length; each is normalized first. 0 for identical shapes, 1 for disjoint ones.
 */
export function jsDivergenceBits(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new RangeError('jsDivergenceBits: lengths differ');
  const sp = total(p);
  const sq = total(q);
  if (!(sp > 0 && sq > 0)) throw new RangeError('jsDivergenceBits: both distributions need mass');
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const m = (a + b) / 2;
    if (a > 0) js += (a / 2) * Math.log2(a / m);
    if (b > 0) js += (b / 2) * Math.log2(b / m);
  }
  // Rounding can leave −1e-17 or 1 + 1e-16.
  return Math.min(1, Math.max(0, js));
}

export interface FeatureDrift {
  feature: string;
  divergenceBits: number;
  n: { reference: number; recent: number };
}

export type DriftResult =
  | { verdict: 'drift'; worst: FeatureDrift; features: FeatureDrift[]; reason: string }
  | { verdict: 'ok' | 'inconclusive'; worst: FeatureDrift | null; features: FeatureDrift[]; reason: string };

/**
 * Drift when any feature with at least `minSamples` values on both sides diverges by more than
 * `thresholdBits`. Features with fewer values are left out, and say so: the plug-in JS estimate
 * is biased upwards by about (bins − 1)/(n·4 ln 2) bits per side in small samples.
 */
export function detectDrift(
  reference: Readonly<Record<string, Histogram>>,
  recent: Readonly<Record<string, Histogram>>,
  thresholdBits: number,
  minSamples: number,
): DriftResult {
  const features: FeatureDrift[] = [];
  const skipped: string[] = [];
  for (const feature of Object.keys(reference).sort()) {
    const ref = reference[feature]!;
    const now = ownValue(recent, feature);
    const n = { reference: total(ref.counts), recent: now ? total(now.counts) : 0 };
    if (!now || n.reference < minSamples || n.recent < minSamples) {
      skipped.push(`${feature} (${n.reference}/${n.recent} < ${minSamples})`);
      continue;
    }
    // mergeHistograms checks that both sides use the same bins before they are compared.
    mergeHistograms(ref, now);
    features.push({ feature, divergenceBits: jsDivergenceBits(ref.counts, now.counts), n });
  }
  const worst = features.reduce<FeatureDrift | null>(
    (w, f) => (w === null || f.divergenceBits > w.divergenceBits ? f : w),
    null,
  );
  if (worst !== null && worst.divergenceBits > thresholdBits)
    return {
      verdict: 'drift',
      worst,
      features,
      reason: `${worst.feature} diverges by ${worst.divergenceBits.toFixed(3)} bits > ${thresholdBits} (n ${worst.n.reference}/${worst.n.recent})`,
    };
  const note = skipped.length > 0 ? `; too few values: ${skipped.join(', ')}` : '';
  if (features.length === 0)
    return { verdict: 'inconclusive', worst: null, features, reason: `no feature to judge${note}` };
  return {
    verdict: 'ok',
    worst,
    features,
    reason: `largest divergence ${worst!.feature} ${worst!.divergenceBits.toFixed(3)} bits ≤ ${thresholdBits}${note}`,
  };
}
