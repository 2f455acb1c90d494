import type { LinearArm } from './linear-state';
import { inverseSpd } from './matrix';

/**
 * What one arm of a linear model learned from data, without its ridge: Σ xxᵀ (A − λI), Σ r·x (b)
 * and the effective count of updates (each discounted by γ^age under forgetting, as in A). λI is
 * each model's own regularisation, not something learned: models of one context add data parts only.
 */
export interface LinearDataPart {
  /** Σ xxᵀ, d×d row-major */
  xx: number[];
  /** Σ r·x */
  xr: number[];
  n: number;
}

export function dataPartOf(arm: LinearArm, lambda: number, d: number): LinearDataPart {
  const xx = arm.a.slice();
  for (let i = 0; i < d; i++) xx[i * d + i]! -= lambda;
  return { xx, xr: arm.b.slice(), n: arm.n };
}

/** Σ of data parts of one dimension; null for none. */
export function sumDataParts(parts: readonly LinearDataPart[]): LinearDataPart | null {
  const [first, ...rest] = parts;
  if (!first) return null;
  const sum = { xx: first.xx.slice(), xr: first.xr.slice(), n: first.n };
  for (const p of rest) {
    if (p.xx.length !== sum.xx.length || p.xr.length !== sum.xr.length)
      throw new RangeError('sumDataParts: parts differ in dimension');
    p.xx.forEach((v, i) => {
      sum.xx[i]! += v;
    });
    p.xr.forEach((v, i) => {
      sum.xr[i]! += v;
    });
    sum.n += p.n;
  }
  return sum;
}

export function scaleDataPart(part: LinearDataPart, factor: number): LinearDataPart {
  return { xx: part.xx.map((v) => v * factor), xr: part.xr.map((v) => v * factor), n: part.n * factor };
}

/**
 * The arm as if it had also learned `part`: A + Σxxᵀ, b + Σr·x, A⁻¹ rebuilt. Σxxᵀ is positive
 * semi-definite, so the sum stays positive definite with the arm's own λI.
 */
export function withDataPart(arm: LinearArm, part: LinearDataPart, d: number): LinearArm {
  if (part.xx.length !== d * d || part.xr.length !== d)
    throw new RangeError('withDataPart: dimension differs');
  const a = arm.a.map((v, i) => v + part.xx[i]!);
  return {
    a,
    b: arm.b.map((v, i) => v + part.xr[i]!),
    n: arm.n + part.n,
    aInverse: inverseSpd(a, d),
    sinceRebuild: 0,
  };
}
