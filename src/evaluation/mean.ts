/**
 * Mean with Neumaier-compensated summation: the point estimates must agree with the Open
 * Bandit Pipeline (numpy's pairwise sum) to ~1e-15 relative, and a naive running sum over
 * a million rows drifts further than that.
 */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + compensation) / n;
}
