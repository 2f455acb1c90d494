/**
 * The Cholesky factorization M = LLᵀ of a symmetric positive-definite d×d matrix (row-major),
 * and the solve it exists for. One implementation for the linear policies' A⁻¹ and the
 * evaluation's ridge regression.
 */

/**
 * L, lower triangular (row-major, zeros above the diagonal), or null when a pivot is not above
 * `relativeTolerance`·max(1, M_ii): the matrix is not (numerically) positive definite. Only the
 * lower triangle of M is read.
 */
export function choleskyLower(m: ArrayLike<number>, d: number, relativeTolerance = 0): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        // Round-off in a subtracted Gram matrix can leave a tiny positive pivot: a tolerance says when that is zero.
        if (!(s > relativeTolerance * Math.max(1, m[i * d + i]!))) return null;
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j]!;
      }
    }
  }
  return l;
}

/** x with LLᵀx = b, by forward then back substitution. */
export function choleskySolve(l: Float64Array, b: ArrayLike<number>, d: number): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * d + k]! * y[k]!;
    y[i] = s / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * x[k]!;
    x[i] = s / l[i * d + i]!;
  }
  return x;
}
