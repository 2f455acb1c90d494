import { describe, expect, it } from 'vitest';
import { addObservation, EMPTY_STATS, type GaussianStats } from '../../../src/bandit/gaussian-stats';
import { contrastGroupPrior, type MemberStats, pooledContrasts } from '../../../src/sharing/contrast-prior';

const of = (...xs: number[]): GaussianStats => xs.reduce(addObservation, EMPTY_STATS);

// Two other members: easy (both arms high) and hard (both low); the cheap arm is 0.25 worse
// in the first and 0.5 worse in the second, measured inside each member.
const members: MemberStats[] = [
  { taskType: 'easy', arms: { base: of(1, 1, 1, 1), cheap: of(1, 1, 1, 0) } },
  { taskType: 'hard', arms: { base: of(1, 0), cheap: of(0, 0) } },
  { taskType: 'self', arms: { base: of(0, 0, 0, 0, 0, 0), cheap: of(1) } },
];

describe('pooledContrasts', () => {
  it("is the precision-weighted mean of the other members' own contrasts", () => {
    // easy: d = 0.75 − 1 = −0.25, w = 1/(1/4 + 1/4) = 2; hard: d = 0 − 0.5 = −0.5, w = 1/(1/2 + 1/2) = 1
    // pooled: (2·−0.25 + 1·−0.5)/3 = −1/3; the member's own data never enters
    const c = pooledContrasts(members, 'self', 'base');
    expect(c.cheap).toBeCloseTo(-1 / 3, 12);
    expect(c.base).toBe(0);
  });

  it('differs from the contrast of pooled levels (the arm mixes differ between members)', () => {
    // pooled levels: base (4 + 1)/6 = 0.833, cheap 3/6 = 0.5 → −0.333…; change the mix and they part
    const skewed: MemberStats[] = [
      { taskType: 'easy', arms: { base: of(1), cheap: of(1, 1, 1, 1, 1, 1, 1, 0) } },
      { taskType: 'hard', arms: { base: of(0, 0, 0, 0, 0, 0, 0, 1), cheap: of(0) } },
    ];
    // own contrasts: easy 0.875 − 1 = −0.125 (w 8/9), hard 0 − 0.125 = −0.125 (w 8/9) → −0.125
    expect(pooledContrasts(skewed, 'self', 'base').cheap).toBeCloseTo(-0.125, 12);
    // while pooled levels would say cheap (7/9) is far better than base (2/9)
    const level = (key: 'base' | 'cheap') => {
      const all = skewed.map((m) => m.arms[key]!);
      return all.reduce((s, x) => s + x.n * x.mean, 0) / all.reduce((s, x) => s + x.n, 0);
    };
    expect(level('cheap') - level('base')).toBeCloseTo(5 / 9, 12);
  });
});

describe('contrastGroupPrior', () => {
  it("puts priorWeight/2 pseudo-outcomes on each arm at the member's level plus the arm's contrast", () => {
    const own = members[2]!.arms;
    const prior = contrastGroupPrior(own, members, 'self', 'base', ['base', 'cheap'], 20, 0.2);
    // level on the base scale: (6·0 + 1·(1 − (−1/3)))/7 = (4/3)/7 = 4/21
    const level = 4 / 21;
    expect(prior.base!.n).toBe(10);
    expect(prior.base!.mean).toBeCloseTo(level, 12);
    expect(prior.cheap!.mean).toBeCloseTo(level - 1 / 3, 12);
    // spreads: base has its own (M2/n = 0), cheap has one outcome so the fallback 0.2
    expect(prior.base!.m2).toBe(0);
    expect(prior.cheap!.m2).toBeCloseTo(10 * 0.2, 12);
  });

  it('gives no prior before the member has an outcome, or when no other member has both arms', () => {
    const none = contrastGroupPrior({}, members, 'self', 'base', ['base', 'cheap'], 20, 0.2);
    expect(none).toEqual({ base: EMPTY_STATS, cheap: EMPTY_STATS });
    const alone: MemberStats[] = [{ taskType: 'easy', arms: { base: of(1) } }];
    const own = { base: of(1), cheap: of(0) };
    expect(contrastGroupPrior(own, alone, 'self', 'base', ['base', 'cheap'], 20, 0.2)).toEqual({
      base: EMPTY_STATS,
      cheap: EMPTY_STATS,
    });
  });
});
