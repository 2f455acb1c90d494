import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addObservation, EMPTY_STATS, type GaussianStats } from '../../../src/bandit/gaussian-stats';
import { contrastPrior, type MemberStats, pooledContrasts } from '../../../src/sharing/contrast-prior';
import { randomEffectsPool } from '../../../src/sharing/random-effects';

const of = (...xs: number[]): GaussianStats => xs.reduce(addObservation, EMPTY_STATS);
/** n outcomes of which `ones` are 1: a 0/1 quality. */
const bernoulli = (n: number, ones: number) => of(...Array.from({ length: n }, (_, i) => (i < ones ? 1 : 0)));

describe('randomEffectsPool (DerSimonian–Laird)', () => {
  it('matches a hand computation where the studies disagree', () => {
    // values 0, 1, 3 with variance 1: fixed mean 4/3, Q = (16 + 1 + 25)/9 = 42/9, c = 3 − 3/3 = 2,
    // τ² = (42/9 − 2)/2 = 4/3; weights 1/(1 + 4/3) = 3/7 each: mean 4/3, its variance 7/9
    const pool = randomEffectsPool([
      { value: 0, variance: 1 },
      { value: 1, variance: 1 },
      { value: 3, variance: 1 },
    ])!;
    expect(pool.tau2).toBeCloseTo(4 / 3, 12);
    expect(pool.mean).toBeCloseTo(4 / 3, 12);
    expect(pool.meanVariance).toBeCloseTo(7 / 9, 12);
    expect(pool.predictiveVariance).toBeCloseTo(4 / 3 + 7 / 9, 12);
  });

  it('is the fixed-effect pool when the studies agree within their noise (τ² = 0)', () => {
    // values 1, 2 with variances 1, 4: w 1, 1/4; fixed mean (1 + 0.5)/1.25 = 1.2; Q = 0.04 + 0.16 < 1
    const pool = randomEffectsPool([
      { value: 1, variance: 1 },
      { value: 2, variance: 4 },
    ])!;
    expect(pool.tau2).toBe(0);
    expect(pool.mean).toBeCloseTo(1.2, 12);
    expect(pool.meanVariance).toBeCloseTo(1 / 1.25, 12);
  });

  it('says nothing from one study or from a study without a finite variance', () => {
    expect(randomEffectsPool([{ value: 1, variance: 1 }])).toBeNull();
    expect(
      randomEffectsPool([
        { value: 1, variance: 1 },
        { value: 2, variance: Number.POSITIVE_INFINITY },
      ]),
    ).toBeNull();
  });

  it('keeps τ² ≥ 0, the mean inside the studies, and moves with a shift of every value', () => {
    const study = fc.record({
      value: fc.double({ min: -1, max: 1, noNaN: true }),
      variance: fc.double({ min: 1e-4, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(study, { minLength: 2, maxLength: 12 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (studies, shift) => {
          const pool = randomEffectsPool(studies)!;
          const values = studies.map((s) => s.value);
          expect(pool.tau2).toBeGreaterThanOrEqual(0);
          expect(pool.mean).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
          expect(pool.mean).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
          expect(pool.predictiveVariance).toBeGreaterThanOrEqual(pool.meanVariance);
          const moved = randomEffectsPool(studies.map((s) => ({ ...s, value: s.value + shift })))!;
          expect(moved.mean).toBeCloseTo(pool.mean + shift, 9);
          expect(moved.tau2).toBeCloseTo(pool.tau2, 9);
        },
      ),
    );
  });
});

// Three members with 10 outcomes per arm; the cheap arm is 0.1, 0.2 and 0.3 worse inside each.
const members: MemberStats[] = [
  { taskType: 'a', arms: { base: bernoulli(10, 9), cheap: bernoulli(10, 8) } },
  { taskType: 'b', arms: { base: bernoulli(10, 6), cheap: bernoulli(10, 4) } },
  { taskType: 'c', arms: { base: bernoulli(10, 5), cheap: bernoulli(10, 2) } },
  { taskType: 'self', arms: { base: bernoulli(10, 0), cheap: bernoulli(10, 10) } },
];

describe('pooledContrasts', () => {
  it("pools the other members' own contrasts by random effects, never the member's own", () => {
    const pools = pooledContrasts(members, 'self', 'base', 0.2);
    // each member's contrast and its variance: σ² = (M2_cheap + M2_base)/18, × (1/10 + 1/10)
    const studies = members.slice(0, 3).map(({ arms }) => {
      const { base, cheap } = arms as Record<'base' | 'cheap', GaussianStats>;
      return { value: cheap.mean - base.mean, variance: ((cheap.m2 + base.m2) / 18) * 0.2 };
    });
    expect(studies.map((s) => s.value)).toEqual([
      expect.closeTo(-0.1, 12),
      expect.closeTo(-0.2, 12),
      expect.closeTo(-0.3, 12),
    ]);
    expect(pools.cheap).toEqual(randomEffectsPool(studies));
    expect(pools.base).toBeUndefined();
  });

  it('leaves out members with fewer than 5 outcomes on either arm, and pools nothing from fewer than 3', () => {
    const thin = members.map((m) =>
      m.taskType === 'c' ? { ...m, arms: { ...m.arms, cheap: bernoulli(4, 1) } } : m,
    );
    expect(pooledContrasts(thin, 'self', 'base', 0.2)).toEqual({});
  });
});

describe('contrastPrior', () => {
  const weights = { priorWeight: 200, shrinkWeight: 40, fallbackVariance: 0.2 };

  it('gives each arm as many pseudo-outcomes as the pool predicts, at the own level plus its contrast', () => {
    const pool = { mean: -0.2, meanVariance: 0.002, tau2: 0.006, predictiveVariance: 0.008 };
    const own = { base: bernoulli(20, 16), cheap: bernoulli(10, 5) };
    const prior = contrastPrior(own, { cheap: pool }, 'base', ['base', 'cheap'], weights);
    // own σ² = (M2 base + M2 cheap)/(19 + 9) = (20·0.16 + 10·0.25)/28; k = 4σ²/0.008 (under the cap), split in two
    const sigma2 = (20 * 0.16 + 10 * 0.25) / 28;
    const half = (4 * sigma2) / 0.008 / 2;
    // level on the base scale: (20·0.8 + 10·(0.5 + 0.2))/30 = 23/30
    expect(prior.base!.n).toBeCloseTo(half, 9);
    expect(prior.cheap!.n).toBeCloseTo(half, 9);
    expect(prior.base!.mean).toBeCloseTo(23 / 30, 12);
    expect(prior.cheap!.mean).toBeCloseTo(23 / 30 - 0.2, 12);
    // each pseudo-outcome spreads like the arm's own outcomes
    expect(prior.cheap!.m2 / prior.cheap!.n).toBeCloseTo(0.25, 12);
  });

  it('caps the pool at priorWeight pseudo-outcomes however tight it is', () => {
    const tight = { mean: -0.2, meanVariance: 1e-6, tau2: 0, predictiveVariance: 1e-6 };
    const prior = contrastPrior(
      { base: of(1), cheap: of(0) },
      { cheap: tight },
      'base',
      ['base', 'cheap'],
      weights,
    );
    expect(prior.base!.n).toBe(100);
    expect(prior.cheap!.n).toBe(100);
  });

  it('shrinks an arm the pool says nothing of towards the own level at shrinkWeight', () => {
    const own = { base: bernoulli(3, 3), cheap: bernoulli(3, 0) };
    const prior = contrastPrior(own, {}, 'base', ['base', 'cheap'], weights);
    expect(prior.base).toEqual({ n: 20, mean: 0.5, m2: 20 * 0 });
    expect(prior.cheap).toEqual({ n: 20, mean: 0.5, m2: 20 * 0 });
  });

  it('gives no prior before the member has an outcome, or with nothing pooled and no shrink', () => {
    const none = { base: EMPTY_STATS, cheap: EMPTY_STATS };
    expect(contrastPrior({}, {}, 'base', ['base', 'cheap'], weights)).toEqual(none);
    const own = { base: of(1), cheap: of(0) };
    expect(contrastPrior(own, {}, 'base', ['base', 'cheap'], { ...weights, shrinkWeight: 0 })).toEqual(none);
  });
});
