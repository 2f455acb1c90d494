/**
 * The q-th quantile (q in [0, 1]) with linear interpolation between order statistics:
 * numpy's default `np.percentile`, which OBP uses for its bootstrap bounds. NaN if any
 * value is NaN (an undefined estimator has no interval either).
 */
export function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) return Number.NaN;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) return Number.NaN;
  const sorted = values.slice().sort();
  const h = (sorted.length - 1) * q;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (h - lower) * (sorted[upper]! - sorted[lower]!);
}

/** Equal-tailed percentile bounds at level 1 − α. */
export function percentileBounds(values: Float64Array, alpha: number): { low: number; high: number } {
  return { low: quantile(values, alpha / 2), high: quantile(values, 1 - alpha / 2) };
}
