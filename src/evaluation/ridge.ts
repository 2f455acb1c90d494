/**
 * Solve (A + λ·P) β = b for a symmetric positive semi-definite `d × d` Gram matrix A, where
 * P is the identity except P₀₀ = 0 (the intercept, feature 0, is not shrunk). Cholesky: A
 * plus a ridge is positive definite whenever the intercept row has any weight.
 * @returns β, or null if the system is singular (no training rows)
 */
export function solveRidge(
  gram: Float64Array,
  rhs: Float64Array,
  d: number,
  lambda: number,
): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = gram[i * d + j]! + (i === j && i > 0 ? lambda : 0);
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        // Relative tolerance: round-off in a subtracted Gram can leave a tiny positive pivot.
        if (s <= 1e-12 * Math.max(1, gram[i * d + i]!)) return null;
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j]!;
      }
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = rhs[i]!;
    for (let k = 0; k < i; k++) s -= l[i * d + k]! * y[k]!;
    y[i] = s / l[i * d + i]!;
  }
  const beta = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * beta[k]!;
    beta[i] = s / l[i * d + i]!;
  }
  return beta;
}
