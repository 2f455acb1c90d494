/** The DIST syntax of API.md "Simulators": parse once, draw many. */
import { sampleGamma, sampleStandardNormal } from '../src/bandit/distributions';
import type { Rng } from '../src/common/seeded-rng';

export type Draw = (rng: Rng) => number;
/** A treated draw may depend on the control draw of the same outcome (`scale:F`, `shift:D`). */
export type TreatedDraw = (rng: Rng, control: Draw) => number;

const numbers = (text: string, count: number, spec: string): number[] => {
  const xs = text.split(',').map(Number);
  if (xs.length !== count || xs.some((x) => !Number.isFinite(x))) throw new Error(`bad DIST ${spec}`);
  return xs;
};

export function parseDist(spec: string): Draw {
  const [kind, rest = ''] = spec.split(':', 2) as [string, string?];
  switch (kind) {
    case 'bernoulli': {
      const [p] = numbers(rest, 1, spec) as [number];
      return (rng) => (rng() < p ? 1 : 0);
    }
    case 'beta': {
      const [a, b] = numbers(rest, 2, spec) as [number, number];
      return (rng) => {
        const x = sampleGamma(rng, a);
        return x / (x + sampleGamma(rng, b));
      };
    }
    case 'uniform': {
      const [lo, hi] = numbers(rest, 2, spec) as [number, number];
      return (rng) => lo + (hi - lo) * rng();
    }
    case 'const': {
      const [x] = numbers(rest, 1, spec) as [number];
      return () => x;
    }
    case 'zeros': {
      const [p0, lo, hi] = numbers(rest, 3, spec) as [number, number, number];
      return (rng) => (rng() < p0 ? 0 : lo + (hi - lo) * rng());
    }
    case 'lognormal': {
      const [median, sigma] = numbers(rest, 2, spec) as [number, number];
      return (rng) => median * Math.exp(sigma * sampleStandardNormal(rng));
    }
    default:
      throw new Error(`unknown DIST ${spec}`);
  }
}

/** A treated DIST: any DIST, or `scale:F` / `shift:D` of the control's draw, clipped to [lo, hi]. */
export function parseTreatedDist(spec: string | undefined, lo: number, hi: number): TreatedDraw {
  const clip = (x: number) => Math.min(hi, Math.max(lo, x));
  if (spec === undefined) return (rng, control) => control(rng);
  const [kind, rest = ''] = spec.split(':', 2) as [string, string?];
  if (kind === 'scale') {
    const [f] = numbers(rest, 1, spec) as [number];
    return (rng, control) => clip(control(rng) * f);
  }
  if (kind === 'shift') {
    const [d] = numbers(rest, 1, spec) as [number];
    return (rng, control) => clip(control(rng) + d);
  }
  const draw = parseDist(spec);
  return (rng) => clip(draw(rng));
}
