/**
 * An independent, non-incremental reference for the linear policies: build A and b from the
 * raw observations and invert by plain Gauss–Jordan elimination with partial pivoting, using
 * nothing from src/policies (no Cholesky, no Sherman–Morrison, no shared helpers).
 */

export interface Observation {
  arm: number;
  x: number[];
  reward: number;
}

/** A = λI + Σ γ^(age) xxᵀ, b = Σ γ^(age) r·x over one arm's observations (oldest first). */
export function directStatistics(
  observations: readonly Observation[],
  arm: number,
  d: number,
  lambda: number,
  gamma = 1,
): { a: number[][]; b: number[] } {
  const mine = observations.filter((o) => o.arm === arm);
  const a = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? lambda : 0)));
  const b = new Array<number>(d).fill(0);
  mine.forEach((o, t) => {
    const weight = gamma ** (mine.length - 1 - t);
    for (let i = 0; i < d; i++) {
      b[i]! += weight * o.reward * o.x[i]!;
      for (let j = 0; j < d; j++) a[i]![j]! += weight * o.x[i]! * o.x[j]!;
    }
  });
  return { a, b };
}

export function gaussJordanInverse(m: readonly number[][]): number[][] {
  const d = m.length;
  const aug = m.map((row, i) => [...row, ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(aug[r]![col]!) > Math.abs(aug[pivot]![col]!)) pivot = r;
    [aug[col], aug[pivot]] = [aug[pivot]!, aug[col]!];
    const p = aug[col]![col]!;
    for (let c = 0; c < 2 * d; c++) aug[col]![c]! /= p;
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const f = aug[r]![col]!;
      if (f !== 0) for (let c = 0; c < 2 * d; c++) aug[r]![c]! -= f * aug[col]![c]!;
    }
  }
  return aug.map((row) => row.slice(d));
}

export function times(m: readonly number[][], v: readonly number[]): number[] {
  return m.map((row) => row.reduce((s, mij, j) => s + mij * v[j]!, 0));
}

export function inner(u: readonly number[], v: readonly number[]): number {
  return u.reduce((s, ui, i) => s + ui * v[i]!, 0);
}

/** θ̂, the mean θ̂ᵀx and the spread xᵀA⁻¹x of one arm at x, computed from scratch. */
export function directPrediction(
  observations: readonly Observation[],
  arm: number,
  x: readonly number[],
  lambda: number,
  gamma = 1,
): { theta: number[]; inverse: number[][]; mean: number; spread: number } {
  const { a, b } = directStatistics(observations, arm, x.length, lambda, gamma);
  const inverse = gaussJordanInverse(a);
  const theta = times(inverse, b);
  return { theta, inverse, mean: inner(theta, x), spread: inner(x, times(inverse, x)) };
}

/** Largest |a_ij − b_ij| relative to max(1, |b_ij|), for a flat row-major a and nested b. */
export function maxRelativeError(flat: readonly number[], nested: readonly number[][]): number {
  const d = nested.length;
  let worst = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const want = nested[i]![j]!;
      worst = Math.max(worst, Math.abs(flat[i * d + j]! - want) / Math.max(1, Math.abs(want)));
    }
  }
  return worst;
}

/** ‖a − b‖_F / ‖b‖_F: relative to the matrix's size, so tiny entries of A⁻¹ cannot hide drift. */
export function normRelativeError(flat: readonly number[], nested: readonly number[][]): number {
  const d = nested.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      num += (flat[i * d + j]! - nested[i]![j]!) ** 2;
      den += nested[i]![j]! ** 2;
    }
  }
  return Math.sqrt(num / den);
}
