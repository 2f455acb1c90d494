import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { PolicyConfig, PolicyKind, TaskTypeConfig } from '../../../src/contract/task-type';
import {
  cachesPosteriorDraws,
  createPolicy,
  createThompsonGaussian,
  decisionFromDraws,
  isContextual,
  type PolicyStatistics,
  servingPolicy,
} from '../../../src/policies';

const ARMS = 4;
const D = 3;

/** One config per kind with defaults applied; M = 200 keeps the simulations fast. */
const configs = PolicyKind.options.map((kind) =>
  PolicyConfig.parse(kind === 'linucb' ? { kind } : { kind, draws: 200 }),
);

/** Trains `n` seeded rewards into the statistics every kind reads (arm 2 is best at x₁ > 0). */
function trained(n: number, seed: string): { stats: PolicyStatistics; x: Float64Array } {
  const rng = seededRng(seed);
  const linearPolicy = servingPolicy(PolicyConfig.parse({ kind: 'linucb' }));
  let linear = linearPolicy.initLinear(ARMS, D)!;
  const gaussian = createThompsonGaussian();
  let rewards = gaussian.init(ARMS, 0);
  for (let t = 0; t < n; t++) {
    const x = Float64Array.of(1, rng() * 2 - 1, rng() < 0.5 ? 1 : 0);
    const arm = Math.floor(rng() * ARMS);
    const reward = 0.3 + 0.1 * arm * x[1]! + 0.2 * rng();
    linear = linearPolicy.update(linear, arm, x, reward);
    rewards = gaussian.update(rewards, arm, x, reward);
  }
  return { stats: { rewards, linear }, x: Float64Array.of(1, 0.5, 1) };
}

describe('every policy kind through the one interface', () => {
  it('builds the kind its config names', () => {
    expect(configs.map((c) => createPolicy(c).kind)).toEqual(PolicyKind.options);
  });

  it('says a distribution over the eligible arms that sums to 1, for any state and eligibility', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...configs),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.boolean(), { minLength: ARMS, maxLength: ARMS }).filter((e) => e.some(Boolean)),
        fc.string(),
        (config, n, eligible, seed) => {
          const { stats, x } = trained(n, `sum|${n}`);
          const decision = servingPolicy(config).decide(stats, x, eligible, seededRng(seed));
          const sum = decision.probabilities.reduce((s, p) => s + p, 0);
          expect(sum).toBeCloseTo(1, 12);
          decision.probabilities.forEach((p, i) => {
            expect(p).toBeGreaterThanOrEqual(0);
            if (!eligible[i]) expect(p).toBe(0);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each(configs)('$kind: its sampler draws each arm with exactly the stated probability', (config) => {
    const { stats, x } = trained(30, 'exact');
    const decision = servingPolicy(config).decide(stats, x, [true, true, false, true], seededRng('decide'));
    const picks = 40_000;
    const counts = new Array<number>(ARMS).fill(0);
    const rng = seededRng('pick');
    for (let i = 0; i < picks; i++) counts[decision.pick(rng)]! += 1;
    decision.probabilities.forEach((p, arm) => {
      // Binomial: the count is within 5 standard deviations of picks·p (never off for p = 0 or 1).
      const sd = Math.sqrt(picks * p * (1 - p));
      expect(Math.abs(counts[arm]! - picks * p)).toBeLessThanOrEqual(5 * sd + 1e-9);
    });
    expect(counts[2]).toBe(0);
  });

  it('logs the draws behind each propensity: M for the Thompson kinds, none for LinUCB', () => {
    const logged = Object.fromEntries(configs.map((c) => [c.kind, servingPolicy(c).logFields]));
    expect(logged).toEqual({
      'thompson-gaussian': { kind: 'thompson-gaussian', draws: 200, epsilon: 0.05 },
      linucb: { kind: 'linucb', draws: 0, epsilon: 0.05 },
      'linear-thompson': { kind: 'linear-thompson', draws: 200, epsilon: 0.05 },
    });
  });

  it('tells context-free kinds from contextual ones, and only a context-free Thompson kind caches draws', () => {
    const task = (policy: PolicyConfig) =>
      TaskTypeConfig.parse({
        baselineArmId: 'a',
        arms: [{ id: 'a', params: { model: 'm', temperature: 0.5, maxTokens: 100 } }],
        policy,
      });
    expect(configs.map((c) => [c.kind, isContextual(c), cachesPosteriorDraws(task(c))])).toEqual([
      ['thompson-gaussian', false, true],
      ['linucb', true, false],
      ['linear-thompson', true, false],
    ]);
  });

  it('serves a cached-draws kind from its draws exactly as it decides from the same stream', () => {
    const policy = servingPolicy(configs[0]!);
    const { stats, x } = trained(20, 'cache');
    const eligible = [true, true, true, true];
    const fromCache = decisionFromDraws(policy.posteriorDraws(stats, eligible, seededRng('rev')));
    const direct = policy.decide(stats, x, eligible, seededRng('rev'));
    expect(fromCache.probabilities).toEqual(direct.probabilities);
    expect(() => servingPolicy(configs[1]!).posteriorDraws(stats, eligible, seededRng(1))).toThrow();
  });

  it('starts a linear model only for the kinds that keep one, with their λ', () => {
    expect(servingPolicy(configs[0]!).initLinear(ARMS, D)).toBeNull();
    const model = servingPolicy(PolicyConfig.parse({ kind: 'linear-thompson', lambda: 4 })).initLinear(2, 1);
    expect(model).toMatchObject({ dimension: 1, lambda: 4 });
    expect(model!.arms[0]!.aInverse).toEqual([0.25]);
  });

  it('passes alpha through to LinUCB: the untried arm wins by its bonus only when α > 0', () => {
    const decideWith = (alpha: number) => {
      const ucb = servingPolicy(PolicyConfig.parse({ kind: 'linucb', alpha }));
      let model = ucb.initLinear(2, 1)!;
      for (let t = 0; t < 5; t++) model = ucb.update(model, 0, Float64Array.of(1), 0);
      return ucb.decide({ rewards: [], linear: model }, Float64Array.of(1), [true, true], seededRng(1))
        .probabilities;
    };
    // Both means are 0; only arm 1's bonus α·√(xᵀA⁻¹x) = α·1 can lift it.
    expect(decideWith(3)).toEqual([0, 1]);
    expect(decideWith(0)).toEqual([0.5, 0.5]);
  });

  it('passes gamma through to the linear kinds', () => {
    const ucb = servingPolicy(PolicyConfig.parse({ kind: 'linucb', lambda: 4, gamma: 0.5 }));
    let model = ucb.initLinear(1, 1)!;
    model = ucb.update(model, 0, Float64Array.of(1), 1);
    model = ucb.update(model, 0, Float64Array.of(1), 1);
    // A = λ + γ·1 + 1 = 5.5 and n = γ + 1 = 1.5: the first reward weighs one half.
    expect(model.arms[0]!.a).toEqual([5.5]);
    expect(model.arms[0]!.n).toBe(1.5);
  });

  it('learns nothing into a linear model for a kind that keeps none', () => {
    const { stats } = trained(5, 'none');
    const gaussian = servingPolicy(configs[0]!);
    expect(gaussian.update(stats.linear!, 0, Float64Array.of(1, 0, 0), 1)).toBe(stats.linear);
  });

  it('refuses to decide for a contextual kind without its linear model', () => {
    const { x } = trained(0, 'empty');
    const decide = () =>
      servingPolicy(configs[2]!).decide({ rewards: [], linear: null }, x, [true], seededRng(1));
    expect(decide).toThrow(/linear state/);
  });
});
