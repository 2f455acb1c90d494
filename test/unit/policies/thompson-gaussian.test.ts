import { describe, expect, it } from 'vitest';
import { addObservation, EMPTY_STATS, type GaussianStats } from '../../../src/bandit/gaussian-stats';
import { DEFAULT_NIG_PRIOR, nigPosterior } from '../../../src/bandit/nig-posterior';
import { drawWinners } from '../../../src/bandit/thompson-draws';
import { seededRng } from '../../../src/common/seeded-rng';
import { createThompsonGaussian } from '../../../src/policies/thompson-gaussian';

const X = new Float64Array(0);
const rewards = (values: number[]) => values.reduce<GaussianStats>(addObservation, EMPTY_STATS);

describe('Thompson Gaussian through the policy interface', () => {
  it('decides from the same draws as the NIG posteriors of its arms, wins/M each', () => {
    const policy = createThompsonGaussian({ draws: 300 });
    const state = [rewards([0.2, 0.3]), rewards([0.8, 0.7, 0.9]), EMPTY_STATS];
    const decision = policy.decide(state, X, [true, true, true], seededRng('d'));
    const posteriors = state.map((s) => nigPosterior(s, DEFAULT_NIG_PRIOR));
    const reference = drawWinners(seededRng('d'), posteriors, 300);
    expect(decision.probabilities).toEqual(reference.wins.map((w) => w / 300));
    expect(decision.probabilityBest).toEqual(decision.probabilities);
  });

  it('ignores the context: any x gives the same decision for the same stream', () => {
    const policy = createThompsonGaussian({ draws: 100 });
    const state = [rewards([0.1]), rewards([0.2])];
    const a = policy.decide(state, X, [true, true], seededRng(1)).probabilities;
    const b = policy.decide(state, Float64Array.of(1, 5, -3), [true, true], seededRng(1)).probabilities;
    expect(b).toEqual(a);
  });

  it('learns by Welford and merges shards to the statistics of all their rewards', () => {
    const policy = createThompsonGaussian();
    let left = policy.init(2, 0);
    let right = policy.init(2, 0);
    left = policy.update(left, 0, X, 1);
    left = policy.update(left, 1, X, 0.5);
    right = policy.update(right, 0, X, 3);
    const merged = policy.merge(left, right);
    expect(merged[0]).toEqual({ n: 2, mean: 2, m2: 2 });
    expect(merged[1]).toEqual({ n: 1, mean: 0.5, m2: 0 });
    expect(() => policy.update(left, 2, X, 1)).toThrow(RangeError);
  });

  it('reports each arm’s posterior mean as its one coefficient', () => {
    const policy = createThompsonGaussian({ prior: { mu0: 1, kappa0: 1, alpha0: 1, beta0: 1 } });
    // μn = (κ0·μ0 + n·mean)/(κ0 + n) = (1·1 + 1·0)/2.
    expect(policy.coefficients([rewards([0]), EMPTY_STATS])).toEqual([[0.5], [1]]);
  });

  it('refuses a draw count that is not a positive integer', () => {
    expect(() => createThompsonGaussian({ draws: 0 })).toThrow(RangeError);
    expect(() => createThompsonGaussian({ draws: 2.5 })).toThrow(RangeError);
  });
});

describe('Thompson Gaussian offsets (costModel priced)', () => {
  it('an offset larger than the gap between two sure arms hands every draw to the other arm', () => {
    const policy = createThompsonGaussian({ draws: 200 });
    // Two arms known very precisely: means 1.0 and 0.9 (n = 10⁶, tiny spread).
    const sure = (mean: number) => ({ n: 1e6, mean, m2: 1e-6 * 1e6 });
    const state = [sure(1), sure(0.9)];
    const eligible = [true, true];
    expect(policy.posteriorDraws!(state, eligible, seededRng('o')).wins).toEqual([200, 0]);
    // Arm 0 costs 0.2 more than arm 1: 0.8 < 0.9, arm 1 wins every draw.
    expect(policy.posteriorDraws!(state, eligible, seededRng('o'), [0.2, 0]).wins).toEqual([0, 200]);
    // Equal offsets change nothing: only differences between arms matter.
    expect(policy.posteriorDraws!(state, eligible, seededRng('o'), [0.5, 0.5]).wins).toEqual([200, 0]);
  });
});
