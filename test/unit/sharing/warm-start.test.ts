import { describe, expect, it } from 'vitest';
import { chooseArm } from '../../../src/bandit/exploration';
import { addObservation, EMPTY_STATS } from '../../../src/bandit/gaussian-stats';
import { DEFAULT_NIG_PRIOR, nigPosterior } from '../../../src/bandit/nig-posterior';
import { drawWinners } from '../../../src/bandit/thompson-draws';
import { seededRng } from '../../../src/common/seeded-rng';
import { foldWarmStart } from '../../../src/sharing/warm-start';

const ARMS = ['gpt4', 'mixtral'];

describe('foldWarmStart', () => {
  it('adds each offline reward to its arm at the given weight, counting outcomes per arm', () => {
    const live = { gpt4: addObservation(EMPTY_STATS, 1) };
    const result = foldWarmStart(
      live,
      ARMS,
      [
        { armId: 'mixtral', reward: 1 },
        { armId: 'mixtral', reward: 0 },
        { armId: 'gpt4', reward: 0 },
      ],
      0.5,
    );
    // mixtral: two half-weight outcomes 1 and 0 → n 1, mean 0.5, M2 0.25
    expect(result.stats.mixtral).toEqual({ n: 1, mean: 0.5, m2: 0.25 });
    // gpt4: live 1 (weight 1) plus 0 at weight 0.5 → n 1.5, mean 2/3, M2 = 1·(1/3)² + 0.5·(2/3)² = 1/3
    expect(result.stats.gpt4!.n).toBe(1.5);
    expect(result.stats.gpt4!.mean).toBeCloseTo(2 / 3, 12);
    expect(result.stats.gpt4!.m2).toBeCloseTo(1 / 3, 12);
    expect(result.perArm).toEqual({ mixtral: 2, gpt4: 1 });
    expect(result.applied).toBe(3);
  });

  it('leaves the statistics it was given untouched', () => {
    const live = { gpt4: addObservation(EMPTY_STATS, 1) };
    const before = structuredClone(live);
    foldWarmStart(live, ARMS, [{ armId: 'gpt4', reward: 0 }], 1);
    expect(live).toEqual(before);
  });

  it('refuses an unknown arm and a weight outside (0, 1]', () => {
    expect(() => foldWarmStart({}, ARMS, [{ armId: 'claude', reward: 1 }], 1)).toThrow(/unknown arm/);
    expect(() => foldWarmStart({}, ARMS, [], 0)).toThrow(RangeError);
    expect(() => foldWarmStart({}, ARMS, [], 1.5)).toThrow(RangeError);
  });

  it('moves the draws, while the served arm keeps its exact probability wins/M mixed with ε', () => {
    const { stats } = foldWarmStart(
      {},
      ARMS,
      Array.from({ length: 50 }, (_, i) => ({
        armId: i % 2 ? 'gpt4' : 'mixtral',
        reward: i % 2 ? 0.2 : 0.9,
      })),
      1,
    );
    const posteriors = ARMS.map((a) => nigPosterior(stats[a] ?? EMPTY_STATS, DEFAULT_NIG_PRIOR));
    const draws = drawWinners(seededRng('warm'), posteriors, 1000);
    expect(draws.wins[1]).toBeGreaterThan(990);
    const choice = chooseArm(seededRng('pick'), draws, 0.05, [true, true]);
    // the propensity is still the policy's own: (1 − ε)·wins/M + ε/K
    expect(choice.probability).toBeCloseTo(0.95 * (draws.wins[choice.armIndex]! / 1000) + 0.025, 12);
  });
});
