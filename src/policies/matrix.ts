import { choleskyLower } from '../common/cholesky';

/**
 * Dense symmetric d×d matrices as row-major `number[]` (plain JSON, so a policy state can be
 * stored as is). Only what the linear policies need; d is small (tens), so O(d³) is cheap.
 */

/** λI */
export function scaledIdentity(d: number, lambda: number): number[] {
  const m = new Array<number>(d * d).fill(0);
  for (let i = 0; i < d; i++) m[i * d + i] = lambda;
  return m;
}

/** m·x */
export function matVec(m: readonly number[], x: ArrayLike<number>, d: number): number[] {
  const out = new Array<number>(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += m[i * d + j]! * x[j]!;
    out[i] = s;
  }
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** xᵀ m x */
export function quadraticForm(m: readonly number[], x: ArrayLike<number>, d: number): number {
  return dot(x, matVec(m, x, d));
}

/**
 * (M + xxᵀ)⁻¹ from M⁻¹ by Sherman–Morrison: M⁻¹ − uuᵀ/(1 + xᵀu), u = M⁻¹x. Written with u on
 * both sides (M⁻¹ is symmetric) so the result stays exactly symmetric.
 */
export function shermanMorrison(inverse: readonly number[], x: ArrayLike<number>, d: number): number[] {
  const u = matVec(inverse, x, d);
  const denominator = 1 + dot(x, u);
  const out = inverse.slice();
  for (let i = 0; i < d; i++) {
    const ui = u[i]! / denominator;
    for (let j = 0; j < d; j++) out[i * d + j]! -= ui * u[j]!;
  }
  return out;
}

/**
 * Inverse of a symmetric positive-definite matrix via Cholesky: M = LLᵀ, M⁻¹ = L⁻ᵀL⁻¹.
 * Throws when M is not positive definite: A = λI + Σxxᵀ with λ > 0 always is, so that is a bug.
 */
export function inverseSpd(m: readonly number[], d: number): number[] {
  const l = choleskyLower(m, d);
  if (!l) throw new RangeError('inverseSpd: matrix is not positive definite');
  // li = L⁻¹, lower triangular, by forward substitution column by column.
  const li = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    li[j * d + j] = 1 / l[j * d + j]!;
    for (let i = j + 1; i < d; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s += l[i * d + k]! * li[k * d + j]!;
      li[i * d + j] = -s / l[i * d + i]!;
    }
  }
  const out = new Array<number>(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = j; k < d; k++) s += li[k * d + i]! * li[k * d + j]!;
      out[i * d + j] = s;
      out[j * d + i] = s;
    }
  }
  return out;
}
