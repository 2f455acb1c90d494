import { randomInt } from '../common/seeded-rng';
import type { PolicyConfigOf } from '../contract/task-type';
import type { LinearModelOptions, LinearState } from './linear-state';
import { armPrediction, eligibleIndices, linearModelMethods } from './linear-state';
import type { Policy, PolicyDecision } from './policy';

/** α, the width of the confidence bonus (see docs/policies.md for how it was chosen). */
export const DEFAULT_ALPHA = 1;

/** Scores this close to the best (relative, with an absolute floor at |best| < 1) are ties. */
export const TIE_TOLERANCE = 1e-12;

export interface LinUcbOptions extends Partial<LinearModelOptions> {
  alpha?: number;
}

/** score = θ̂ᵀx + α·√(xᵀA⁻¹x) per arm (every arm, eligible or not). */
export function linUcbScores(state: LinearState, x: Float64Array, alpha: number): number[] {
  return state.arms.map((arm) => {
    const { mean, spread } = armPrediction(arm, x, state.dimension);
    return mean + alpha * Math.sqrt(spread);
  });
}

/** The eligible arms within TIE_TOLERANCE of the best score, in index order. */
export function bestArms(scores: readonly number[], eligible: readonly boolean[]): number[] {
  const arms = eligibleIndices(eligible, scores.length);
  let best = Number.NEGATIVE_INFINITY;
  for (const i of arms) best = Math.max(best, scores[i]!);
  // A model that overflowed scores NaN or ±Infinity: no arm is better than another then.
  if (!Number.isFinite(best)) return arms;
  const tolerance = TIE_TOLERANCE * Math.max(1, Math.abs(best));
  return arms.filter((i) => scores[i]! >= best - tolerance);
}

/**
 * Disjoint LinUCB (DESIGN §3). The decision is deterministic but for ties: probability
 * 1/|ties| on each tied arm, and `pick` draws uniformly among them, so the logged propensity
 * is exact. A fresh state ties every arm, which is what makes early decisions explore.
 */
export function createLinUcb(options: LinUcbOptions = {}): Policy<LinearState> {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha >= 0 && Number.isFinite(alpha))) throw new RangeError(`alpha must be ≥ 0, got ${alpha}`);
  return {
    ...linearModelMethods(options),
    kind: 'linucb',
    // Deterministic but for ties: no draws behind its propensities.
    drawsPerDecision: 0,
    decide(state, x, eligible): PolicyDecision {
      const ties = bestArms(linUcbScores(state, x, alpha), eligible);
      const probabilities = new Array<number>(state.arms.length).fill(0);
      for (const i of ties) probabilities[i] = 1 / ties.length;
      return {
        probabilities,
        pick: (rng) => ties[randomInt(rng, ties.length)]!,
        probabilityBest: probabilities,
      };
    },
  };
}

export function linUcbFromConfig(config: PolicyConfigOf<'linucb'>): Policy<LinearState> {
  return createLinUcb({ alpha: config.alpha, lambda: config.lambda, gamma: config.gamma });
}
