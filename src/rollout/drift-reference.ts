/**
 * Drift against a reference taken from data (DESIGN §10), replacing fixed integer bins:
 *
 * - numeric features are binned at the reference window's quantiles, so a feature living in
 *   [0, 1) gets as many informative bins as one in the thousands (with fixed integer edges a
 *   shift from 0.1 to 0.9 scored 0 bits);
 * - categorical and tag features are judged on their frequencies (each tag of a context counts
 *   once), with categories rare in both windows pooled so the plug-in divergence is not
 *   dominated by noise;
 * - `resume` takes the present as the new reference (`referenceOf(recent sample)`), so a freeze
 *   lifted by ops stays lifted until the context shifts again.
 *
 * The Durable Object keeps a bounded sample of recent contexts (e.g. the last 2,000) as a
 * `FeatureSample`; everything here is pure.
 */

import { ownValue } from '../common/own-key';
import { type DriftResult, detectDrift, emptyHistogram, type Histogram } from './drift';

export interface FeatureSample {
  numeric: Record<string, number[]>;
  /** categorical values, and each tag of a tag feature, one string per occurrence */
  categorical: Record<string, string[]>;
}

export interface DriftReference {
  /** per numeric feature: the reference's quantile edges and its counts in them */
  numeric: Record<string, Histogram>;
  /** per categorical or tag feature: the reference's frequency of each value */
  categorical: Record<string, Record<string, number>>;
}

/** Default number of quantile bins per numeric feature. */
export const DRIFT_QUANTILE_BINS = 10;

/**
 * Up to `bins − 1` interior edges at the sample's quantiles, strictly ascending (ties merged),
 * plus the sample's minimum and (just above) its maximum: inside, each bin holds about 1/bins of
 * the reference; below the minimum and above the maximum are bins the reference leaves empty.
 */
export function quantileEdges(values: readonly number[], bins = DRIFT_QUANTILE_BINS): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [0];
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    // the lower edge of bin i: values ≥ it go to bin i (drift.ts: edges[i−1] ≤ x < edges[i])
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / bins))]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  // Values outside the reference's range get bins of their own (empty in the reference): a
  // feature that only ever took 0 and 1 must see a shift to 3 and 4, not count it with the 1s.
  if (edges.length === 0 || edges[0]! > min) edges.unshift(min);
  edges.push(max + (Math.abs(max) * 4 * Number.EPSILON || Number.MIN_VALUE));
  return edges;
}

/** Counts of values in the given edges (drift.ts's histogram layout). */
export function histogramOf(values: readonly number[], edges: readonly number[]): Histogram {
  const histogram = emptyHistogram(edges);
  const counts = histogram.counts.slice();
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    let bin = 0;
    while (bin < edges.length && edges[bin]! <= v) bin++;
    counts[bin]! += 1;
  }
  return { edges, counts };
}

function frequencies(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = Object.create(null);
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** The reference a phase (or a resume) starts from: quantile bins and frequencies of this sample. */
export function referenceOf(sample: FeatureSample, bins = DRIFT_QUANTILE_BINS): DriftReference {
  const numeric: Record<string, Histogram> = Object.create(null);
  for (const [feature, values] of Object.entries(sample.numeric))
    numeric[feature] = histogramOf(values, quantileEdges(values, bins));
  const categorical: Record<string, Record<string, number>> = Object.create(null);
  for (const [feature, values] of Object.entries(sample.categorical))
    categorical[feature] = frequencies(values);
  return { numeric, categorical };
}

/** `resume` after a drift freeze: the present becomes the reference. */
export const resumeReference = referenceOf;

/** Below this share in both windows a category is pooled into one "other" cell. */
const RARE_SHARE = 0.01;

function categoricalVectors(
  reference: Record<string, number>,
  recent: Record<string, number>,
): [number[], number[]] {
  const total = (c: Record<string, number>) => Object.values(c).reduce((s, x) => s + x, 0);
  const nRef = total(reference);
  const nNow = total(recent);
  const keys = [...new Set([...Object.keys(reference), ...Object.keys(recent)])].sort();
  const p: number[] = [0];
  const q: number[] = [0];
  for (const key of keys) {
    const a = ownValue(reference, key) ?? 0;
    const b = ownValue(recent, key) ?? 0;
    if (a / Math.max(1, nRef) < RARE_SHARE && b / Math.max(1, nNow) < RARE_SHARE) {
      p[0]! += a;
      q[0]! += b;
    } else {
      p.push(a);
      q.push(b);
    }
  }
  return [p, q];
}

/**
 * Drift of the recent sample against the reference: numeric features re-binned in the
 * reference's quantile edges, categorical and tag features on their frequencies; the worst
 * feature above `thresholdBits` (with at least `minSamples` values on both sides) is drift.
 */
export function detectDriftFromReference(
  reference: DriftReference,
  recent: FeatureSample,
  thresholdBits: number,
  minSamples: number,
): DriftResult {
  const recentNumeric: Record<string, Histogram> = Object.create(null);
  for (const [feature, ref] of Object.entries(reference.numeric))
    recentNumeric[feature] = histogramOf(ownValue(recent.numeric, feature) ?? [], ref.edges);
  // Categorical features ride on detectDrift as histograms over their (pooled) categories.
  const refAll: Record<string, Histogram> = { ...reference.numeric };
  const nowAll: Record<string, Histogram> = { ...recentNumeric };
  for (const [feature, counts] of Object.entries(reference.categorical)) {
    const [p, q] = categoricalVectors(counts, frequencies(ownValue(recent.categorical, feature) ?? []));
    const edges = p.slice(1).map((_, i) => i + 1);
    refAll[`${feature} (categories)`] = { edges, counts: p };
    nowAll[`${feature} (categories)`] = { edges, counts: q };
  }
  return detectDrift(refAll, nowAll, thresholdBits, minSamples);
}
