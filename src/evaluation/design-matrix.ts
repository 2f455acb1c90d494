import { GrowableFloat64, GrowableInt32 } from './growable';
import type { SparseFeatures } from './sparse-features';

/**
 * The reward model's inputs: sparse features restricted to the most frequent columns and
 * scaled to unit standard deviation, with an intercept as feature 0.
 *
 * Scaling makes one ridge penalty fair to `promptTokens` (hundreds) and a one-hot flag
 * alike. No centring is needed: with an unshrunk intercept, ridge is invariant to shifting
 * a feature, and centring would destroy sparsity.
 */
export interface DesignMatrix {
  /** columns including the intercept */
  readonly d: number;
  readonly rowStart: Int32Array;
  /** in 1…d−1 */
  readonly column: Int32Array;
  readonly value: Float64Array;
}

export const DEFAULT_MAX_FEATURES = 256;

export function designMatrix(
  features: SparseFeatures,
  maxFeatures: number = DEFAULT_MAX_FEATURES,
): DesignMatrix {
  const width = features.columnNames.length;
  const n = features.n;
  const occurrences = new Float64Array(width);
  const sum = new Float64Array(width);
  const sumSquares = new Float64Array(width);
  for (let j = 0; j < features.column.length; j++) {
    const c = features.column[j]!;
    const v = features.value[j]!;
    occurrences[c]!++;
    sum[c]! += v;
    sumSquares[c]! += v * v;
  }
  // Keep the most frequent columns (ties: first seen), dropping any constant over the log.
  const order = [...Array(width).keys()].sort((a, b) => occurrences[b]! - occurrences[a]! || a - b);
  const target = new Int32Array(width).fill(-1);
  const scale = new Float64Array(width);
  let d = 1;
  for (const c of order) {
    if (d > maxFeatures) break;
    const mean = sum[c]! / n;
    const variance = sumSquares[c]! / n - mean * mean;
    if (!(variance > 1e-12 * Math.max(1, mean * mean))) continue;
    target[c] = d++;
    scale[c] = 1 / Math.sqrt(variance);
  }
  const rowStart = new Int32Array(n + 1);
  const column = new GrowableInt32();
  const value = new GrowableFloat64();
  for (let i = 0; i < n; i++) {
    for (let j = features.rowStart[i]!; j < features.rowStart[i + 1]!; j++) {
      const c = features.column[j]!;
      if (target[c]! < 0) continue;
      column.push(target[c]!);
      value.push(features.value[j]! * scale[c]!);
    }
    rowStart[i + 1] = column.length;
  }
  return { d, rowStart, column: column.toArray(), value: value.toArray() };
}
