/**
 * Synthetic worlds for the policy convergence benchmark, of our own making: rewards are the
 * arm's mean at the context plus Normal noise (sd 0.1, a judge's quality-score scale).
 */
import type { Rng } from '../src/common/seeded-rng';
import type { ContextInput, Feature } from '../src/features/encode';

export interface World {
  name: string;
  armLabels: string[];
  features: Feature[];
  noiseSd: number;
  sampleContext(rng: Rng): ContextInput;
  /** expected reward of every arm at this context */
  means(context: ContextInput): number[];
  /** contexts on which "found the best arm" is judged */
  probes: ContextInput[];
}

/** (a) Four arms, no context: means 0.55, 0.62, 0.67, 0.60, so arm 2 is best by 0.05. */
export const contextFree: World = {
  name: 'context-free',
  armLabels: ['a0', 'a1', 'a2', 'a3'],
  features: [],
  noiseSd: 0.1,
  sampleContext: () => ({}),
  means: () => [0.55, 0.62, 0.67, 0.6],
  probes: [{}],
};

const TEMPERATURES = [0.2, 0.5, 0.8, 1.1];
/** curvature of the envelope: the best arm leads its neighbour by CURVATURE at its region's centre */
const CURVATURE = 0.05;

/**
 * (b) riskTier uniform in [0, 4]; arm k (temperature 0.2, 0.5, 0.8, 1.1) is best on
 * riskTier ∈ [3 − k, 4 − k]: low temperature for high risk. Each arm's mean is linear in
 * riskTier (the tangent of g(r) = 0.7 − 0.05·(r − 2)² at r = 3.5 − k), so a linear model on
 * (1, riskTier) can represent the world exactly; gaps shrink to 0 at the region boundaries
 * (15 % of contexts have a gap under 0.01).
 */
export const riskTier: World = {
  name: 'contextual (riskTier)',
  armLabels: TEMPERATURES.map((t) => `t=${t}`),
  features: [{ name: 'riskTier', kind: 'numeric' }],
  noiseSd: 0.1,
  sampleContext: (rng) => ({ riskTier: 4 * rng() }),
  means(context) {
    const r = context.riskTier as number;
    return TEMPERATURES.map((_, k) => {
      const at = 3.5 - k;
      return 0.7 - CURVATURE * (at - 2) ** 2 - 2 * CURVATURE * (at - 2) * (r - at);
    });
  },
  probes: [0.5, 1.5, 2.5, 3.5].map((r) => ({ riskTier: r })),
};

export function bestArm(means: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < means.length; k++) if (means[k]! > means[best]!) best = k;
  return best;
}
