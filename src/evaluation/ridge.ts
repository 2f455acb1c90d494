import { choleskyLower, choleskySolve } from '../common/cholesky';

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
  const ridged = Float64Array.from(gram);
  for (let i = 1; i < d; i++) ridged[i * d + i]! += lambda;
  const l = choleskyLower(ridged, d, 1e-12);
  return l && choleskySolve(l, rhs, d);
}
