import type { Rng } from '../common/seeded-rng';

/**
 * Standard normal by Marsaglia's polar method. Stateless (the second variate is dropped)
 * so that a draw depends only on the rng stream, never on an earlier call's leftovers.
 */
export function sampleStandardNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng() - 1;
    const v = 2 * rng() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma(shape, scale) (mean shape·scale) by Marsaglia–Tsang; for shape < 1 it samples
 * Gamma(shape + 1) and multiplies by U^(1/shape), the standard boost.
 */
export function sampleGamma(rng: Rng, shape: number, scale = 1): number {
  if (!(shape > 0) || !Number.isFinite(shape))
    throw new RangeError(`sampleGamma: shape must be > 0, got ${shape}`);
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`sampleGamma: scale must be > 0, got ${scale}`);
  if (shape < 1) {
    // 1 − rng() is in (0, 1], so the boost never multiplies by 0^(1/shape) from a zero draw.
    return sampleGamma(rng, shape + 1, scale) * (1 - rng()) ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleStandardNormal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - rng();
    const x2 = x * x;
    // Squeeze first: it accepts ~98 % of draws without a logarithm.
    if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** InvGamma(shape, scale): scale / Gamma(shape, 1); mean scale/(shape−1) for shape > 1. */
export function sampleInverseGamma(rng: Rng, shape: number, scale: number): number {
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`sampleInverseGamma: scale must be > 0, got ${scale}`);
  }
  return scale / sampleGamma(rng, shape, 1);
}
