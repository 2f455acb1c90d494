import { sampleStandardNormal } from '../bandit/distributions';
import { countDrawWinners, type ThompsonDraws } from '../bandit/thompson-draws';
import type { Rng } from '../common/seeded-rng';
import type { PolicyConfigOf } from '../contract/task-type';
import {
  armPrediction,
  eligibleIndices,
  type LinearModelOptions,
  type LinearState,
  linearModelMethods,
} from './linear-state';
import { decisionFromDraws, type Policy } from './policy';

/**
 * v, the posterior scale: θ ~ N(θ̂, v²A⁻¹). 0.5 because rewards live roughly in [0, 1] with
 * a noise sd of 0.1–0.3 per call: v is the noise sd the model assumes, and 0.5 errs wide (more
 * exploration) without the v = 1 of the textbook, which suits rewards of unit spread.
 */
export const DEFAULT_V = 0.5;
/** M, the seeded draws behind an exact propensity (PolicyConfig.draws default) */
export const DEFAULT_DRAWS = 1000;

export interface LinearThompsonOptions extends Partial<LinearModelOptions> {
  v?: number;
  draws?: number;
}

/**
 * The exact distribution of each arm's sampled score at x: with θ ~ N(θ̂, v²A⁻¹), xᵀθ is
 * N(xᵀθ̂, v²·xᵀA⁻¹x). Sampling this scalar is the same as sampling θ and projecting, at O(1)
 * per draw instead of O(d²), because one decision only ever looks at xᵀθ.
 */
export function linearThompsonScores(
  state: LinearState,
  x: Float64Array,
  v: number,
): { mean: number[]; sd: number[] } {
  const mean: number[] = [];
  const sd: number[] = [];
  for (const arm of state.arms) {
    const p = armPrediction(arm, x, state.dimension);
    mean.push(p.mean);
    sd.push(v * Math.sqrt(p.spread));
  }
  return { mean, sd };
}

/** M draws of every eligible arm's score; the largest wins (src/bandit/thompson-draws.ts). */
export function drawScoreWinners(
  rng: Rng,
  scores: { mean: readonly number[]; sd: readonly number[] },
  draws: number,
  eligible: readonly boolean[],
): ThompsonDraws {
  const armCount = scores.mean.length;
  return countDrawWinners(draws, eligibleIndices(eligible, armCount), armCount, (i) => {
    return scores.mean[i]! + scores.sd[i]! * sampleStandardNormal(rng);
  });
}

/**
 * Linear Thompson sampling (DESIGN §3) with exact propensities: the decision is "serve the
 * winner of draw j, j uniform in [0, M)", so P(pick = a) is exactly wins_a/M.
 */
export function createLinearThompson(options: LinearThompsonOptions = {}): Policy<LinearState> {
  const v = options.v ?? DEFAULT_V;
  const draws = options.draws ?? DEFAULT_DRAWS;
  if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`v must be > 0, got ${v}`);
  if (!Number.isInteger(draws) || draws < 1)
    throw new RangeError(`draws must be a positive integer, got ${draws}`);
  return {
    ...linearModelMethods(options),
    kind: 'linear-thompson',
    drawsPerDecision: draws,
    decide: (state, x, eligible, rng) =>
      decisionFromDraws(drawScoreWinners(rng, linearThompsonScores(state, x, v), draws, eligible)),
  };
}

export function linearThompsonFromConfig(config: PolicyConfigOf<'linear-thompson'>): Policy<LinearState> {
  const { lambda, draws, v, gamma } = config;
  return createLinearThompson({ lambda, draws, v, gamma });
}
