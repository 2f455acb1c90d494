import { describe, expect, it } from 'vitest';
import { addObservation, EMPTY_STATS, type GaussianStats } from '../../../src/bandit/gaussian-stats';
import {
  groupPrior,
  leaveOneOutPool,
  type MemberArmStats,
  sharedArmKey,
  statsWithPrior,
} from '../../../src/sharing/group-prior';

const of = (...xs: number[]): GaussianStats => xs.reduce(addObservation, EMPTY_STATS);
const gpt4 = sharedArmKey('gpt4', { model: 'gpt-4-1106-preview', temperature: 0, maxTokens: 1 });

const members: MemberArmStats[] = [
  { taskType: 'anatomy', key: gpt4, stats: of(1, 1, 0) },
  { taskType: 'astronomy', key: gpt4, stats: of(1, 0) },
  { taskType: 'virology', key: gpt4, stats: of(0, 0, 0, 1, 1) },
];

describe('sharedArmKey', () => {
  it('is the same for the same id and params in any key order, and differs when params differ', () => {
    expect(sharedArmKey('a', { model: 'm', temperature: 0.5 })).toBe(
      sharedArmKey('a', { temperature: 0.5, model: 'm' }),
    );
    expect(sharedArmKey('a', { model: 'm', temperature: 0.5 })).not.toBe(
      sharedArmKey('a', { model: 'm', temperature: 0.7 }),
    );
    expect(sharedArmKey('a', { model: 'm' })).not.toBe(sharedArmKey('b', { model: 'm' }));
  });
});

describe('leaveOneOutPool', () => {
  it("pools every other member's arm with the key, never the member's own", () => {
    // others of anatomy: 1, 0 and 0, 0, 0, 1, 1 → n 7, mean 3/7
    const pool = leaveOneOutPool(members, 'anatomy', gpt4);
    const brute = of(1, 0, 0, 0, 0, 1, 1);
    expect(pool.n).toBe(7);
    expect(pool.mean).toBeCloseTo(brute.mean, 12);
    expect(pool.m2).toBeCloseTo(brute.m2, 12);
  });

  it('ignores arms with another key, and is empty for a group of one', () => {
    const other = sharedArmKey('gpt4', { model: 'gpt-4o' });
    expect(leaveOneOutPool(members, 'anatomy', other)).toEqual(EMPTY_STATS);
    expect(leaveOneOutPool(members.slice(0, 1), 'anatomy', gpt4)).toEqual(EMPTY_STATS);
  });
});

describe('groupPrior', () => {
  it('shrinks the pool to priorWeight pseudo-outcomes, keeping its mean and spread', () => {
    const pool = leaveOneOutPool(members, 'anatomy', gpt4);
    const prior = groupPrior(members, 'anatomy', gpt4, 2);
    expect(prior.n).toBe(2);
    expect(prior.mean).toBeCloseTo(pool.mean, 12);
    expect(prior.m2 / prior.n).toBeCloseTo(pool.m2 / pool.n, 12);
    // a pool smaller than priorWeight is taken whole
    expect(groupPrior(members, 'anatomy', gpt4, 20)).toEqual(pool);
  });

  it("adds to the member's own statistics for the draws only", () => {
    const own = members[0]!.stats;
    const prior = groupPrior(members, 'anatomy', gpt4, 2);
    const drawn = statsWithPrior(own, prior);
    // own 1, 1, 0 (mean 2/3) plus 2 pseudo-outcomes at 3/7: n 5, mean (2 + 6/7)/5
    expect(drawn.n).toBe(5);
    expect(drawn.mean).toBeCloseTo((2 + 6 / 7) / 5, 12);
    expect(own).toEqual(of(1, 1, 0));
  });
});
