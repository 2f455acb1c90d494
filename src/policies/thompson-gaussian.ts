import { addObservation, EMPTY_STATS, type GaussianStats, mergeStats } from '../bandit/gaussian-stats';
import { DEFAULT_NIG_PRIOR, type NigPrior, nigPosterior } from '../bandit/nig-posterior';
import { drawWinners } from '../bandit/thompson-draws';
import type { PolicyConfigOf } from '../contract/task-type';
import { decisionFromDraws, type Policy } from './policy';

/** M, the seeded draws behind an exact propensity (the contract's default) */
export const DEFAULT_GAUSSIAN_DRAWS = 1000;

export interface ThompsonGaussianOptions {
  prior?: NigPrior;
  draws?: number;
}

/**
 * Context-free Thompson sampling (DESIGN §3): per arm a Normal-Inverse-Gamma posterior over
 * the mean reward, from the arm's (n, mean, M2). The state is those statistics, arms in
 * order. It keeps every reward: forgetting (γ) is refused by its config schema.
 */
export function createThompsonGaussian(options: ThompsonGaussianOptions = {}): Policy<GaussianStats[]> {
  const prior = options.prior ?? DEFAULT_NIG_PRIOR;
  const draws = options.draws ?? DEFAULT_GAUSSIAN_DRAWS;
  if (!Number.isInteger(draws) || draws < 1)
    throw new RangeError(`draws must be a positive integer, got ${draws}`);
  // An offset c_i moves arm i's posterior of μ by −c_i: every draw of it is the draw minus c_i.
  const posteriorDraws = (
    state: GaussianStats[],
    eligible: boolean[],
    rng: () => number,
    offsets?: readonly number[],
  ) =>
    drawWinners(
      rng,
      state.map((stats, i) => {
        const post = nigPosterior(stats, prior);
        return offsets ? { ...post, mu: post.mu - offsets[i]! } : post;
      }),
      draws,
      eligible,
    );
  return {
    kind: 'thompson-gaussian',
    drawsPerDecision: draws,
    init: (armCount) => Array.from({ length: armCount }, () => EMPTY_STATS),
    decide: (state, _x, eligible, rng) => decisionFromDraws(posteriorDraws(state, eligible, rng)),
    posteriorDraws,
    update(state, armIndex, _x, reward) {
      const arm = state[armIndex];
      if (!Number.isInteger(armIndex) || arm === undefined) throw new RangeError(`no arm ${armIndex}`);
      const next = state.slice();
      next[armIndex] = addObservation(arm, reward);
      return next;
    },
    merge(a, b) {
      if (a.length !== b.length) throw new RangeError('merge: states differ in arm count');
      return a.map((stats, i) => mergeStats(stats, b[i]!));
    },
    coefficients: (state) => state.map((stats) => [nigPosterior(stats, prior).mu]),
  };
}

export function thompsonGaussianFromConfig(config: PolicyConfigOf<'thompson-gaussian'>) {
  return createThompsonGaussian({ prior: config.prior, draws: config.draws });
}
