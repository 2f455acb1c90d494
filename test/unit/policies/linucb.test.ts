import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import type { LinearState } from '../../../src/policies/linear-state';
import { createLinUcb, linUcbScores } from '../../../src/policies/linucb';
import {
  directPrediction,
  directStatistics,
  gaussJordanInverse,
  maxRelativeError,
  normRelativeError,
  type Observation,
} from './reference';

// Independent source throughout: reference.ts rebuilds A and b from the raw observations and
// inverts by Gauss–Jordan, sharing no code with the incremental Sherman–Morrison/Cholesky path.

const world = fc
  .record({ d: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 1, max: 4 }) })
  .chain(({ d, k }) =>
    fc.record({
      d: fc.constant(d),
      k: fc.constant(k),
      lambda: fc.double({ min: 0.1, max: 5, noNaN: true }),
      observations: fc.array(
        fc.record({
          arm: fc.integer({ min: 0, max: k - 1 }),
          x: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
          reward: fc.double({ min: -1, max: 1, noNaN: true }),
        }),
        { maxLength: 150 },
      ),
      probe: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
    }),
  );

function learn(policy: ReturnType<typeof createLinUcb>, state: LinearState, obs: readonly Observation[]) {
  return obs.reduce((s, o) => policy.update(s, o.arm, Float64Array.from(o.x), o.reward), state);
}

function expectMatchesDirect(
  state: LinearState,
  obs: readonly Observation[],
  probe: number[],
  alpha: number,
) {
  const x = Float64Array.from(probe);
  const scores = linUcbScores(state, x, alpha);
  const coefficients = createLinUcb().coefficients(state);
  state.arms.forEach((arm, k) => {
    const direct = directPrediction(obs, k, probe, state.lambda);
    const { a } = directStatistics(obs, k, probe.length, state.lambda);
    expect(maxRelativeError(arm.a, a)).toBeLessThan(1e-9);
    expect(normRelativeError(arm.aInverse, direct.inverse)).toBeLessThan(1e-9);
    coefficients[k]!.forEach((c, i) => {
      expect(Math.abs(c - direct.theta[i]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(direct.theta[i]!)));
    });
    const want = direct.mean + alpha * Math.sqrt(direct.spread);
    expect(Math.abs(scores[k]! - want)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
  });
}

describe('LinUCB statistics', () => {
  it('matches a from-scratch A, A⁻¹, θ̂ and score after n random updates', () => {
    fc.assert(
      fc.property(world, ({ d, k, lambda, observations, probe }) => {
        const policy = createLinUcb({ lambda, alpha: 1.3 });
        const state = learn(policy, policy.init(k, d), observations);
        expectMatchesDirect(state, observations, probe, 1.3);
      }),
      { numRuns: 200 },
    );
  });

  it('merging two shards that learned a random split equals learning everything in one', () => {
    fc.assert(
      fc.property(world, fc.infiniteStream(fc.boolean()), ({ d, k, lambda, observations, probe }, sides) => {
        const policy = createLinUcb({ lambda });
        const left: Observation[] = [];
        const right: Observation[] = [];
        const it = sides[Symbol.iterator]();
        for (const o of observations) (it.next().value ? left : right).push(o);
        const merged = policy.merge(
          learn(policy, policy.init(k, d), left),
          learn(policy, policy.init(k, d), right),
        );
        expectMatchesDirect(merged, observations, probe, 1);
        merged.arms.forEach((arm, a) => {
          expect(arm.n).toBe(observations.filter((o) => o.arm === a).length);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps Sherman–Morrison drift (‖Ã⁻¹ − A⁻¹‖_F / ‖A⁻¹‖_F) under 1e-8 over 5000 updates, with and without rebuilds', () => {
    const d = 8;
    const rng = seededRng('linucb-drift');
    for (const rebuildEvery of [Number.POSITIVE_INFINITY, 1000]) {
      const policy = createLinUcb({ rebuildEvery });
      let state = policy.init(1, d);
      const obs: Observation[] = [];
      let worst = 0;
      for (let t = 1; t <= 5000; t++) {
        const x = [1, ...Array.from({ length: d - 1 }, () => 4 * rng() - 2)];
        obs.push({ arm: 0, x, reward: rng() });
        state = policy.update(state, 0, Float64Array.from(x), obs[obs.length - 1]!.reward);
        if (t % 500 === 0 || t === 999) {
          const fresh = gaussJordanInverse(directStatistics(obs, 0, d, 1).a);
          worst = Math.max(worst, normRelativeError(state.arms[0]!.aInverse, fresh));
        }
      }
      expect(worst).toBeLessThan(1e-8);
    }
  });

  it('rebuilds the inverse from A on the 1000th update', () => {
    const policy = createLinUcb();
    let state = policy.init(1, 2);
    for (let t = 0; t < 999; t++) state = policy.update(state, 0, Float64Array.of(1, t % 7), 0.5);
    expect(state.arms[0]!.sinceRebuild).toBe(999);
    state = policy.update(state, 0, Float64Array.of(1, 3), 0.5);
    expect(state.arms[0]!.sinceRebuild).toBe(0);
  });
});

describe('LinUCB forgetting', () => {
  it('discounts the data part of A and b by γ per update and keeps λI whole', () => {
    fc.assert(
      fc.property(world, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (w, gamma) => {
        const policy = createLinUcb({ lambda: w.lambda, gamma });
        let state = policy.init(w.k, w.d);
        for (const o of w.observations) state = policy.update(state, o.arm, Float64Array.from(o.x), o.reward);
        state.arms.forEach((arm, k) => {
          // Each update discounts only the arm it touches, so the age is counted per arm.
          const { a, b } = directStatistics(w.observations, k, w.d, w.lambda, gamma);
          expect(maxRelativeError(arm.a, a)).toBeLessThan(1e-9);
          arm.b.forEach((v, i) => {
            expect(Math.abs(v - b[i]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b[i]!)));
          });
          expect(normRelativeError(arm.aInverse, gaussJordanInverse(a))).toBeLessThan(1e-9);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('LinUCB decisions', () => {
  it('splits a tie exactly: a fresh state ties every eligible arm', () => {
    const policy = createLinUcb();
    const decision = policy.decide(
      policy.init(4, 3),
      Float64Array.of(1, 0.5, 2),
      [true, false, true, true],
      seededRng(1),
    );
    expect(decision.probabilities).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
    expect(decision.probabilityBest).toEqual(decision.probabilities);
    const rng = seededRng('ties');
    const counts = [0, 0, 0, 0];
    const n = 30_000;
    for (let i = 0; i < n; i++) counts[decision.pick(rng)]! += 1;
    expect(counts[1]).toBe(0);
    // Binomial(n, 1/3): sd ≈ 82, so 4.5 sd ≈ 370.
    for (const c of [counts[0]!, counts[2]!, counts[3]!]) expect(Math.abs(c - n / 3)).toBeLessThan(370);
  });

  it('serves the argmax of θ̂ᵀx + α√(xᵀA⁻¹x) with probability 1 when it is unique', () => {
    const policy = createLinUcb({ alpha: 0.1 });
    let state = policy.init(3, 2);
    for (let t = 0; t < 50; t++) {
      state = policy.update(state, 0, Float64Array.of(1, 1), 0.2);
      state = policy.update(state, 1, Float64Array.of(1, 1), 0.8);
      state = policy.update(state, 2, Float64Array.of(1, 1), 0.5);
    }
    const decision = policy.decide(state, Float64Array.of(1, 1), [true, true, true], seededRng(2));
    expect(decision.probabilities).toEqual([0, 1, 0]);
    expect(decision.pick(seededRng(3))).toBe(1);
    // Ineligible best arm: the next best takes it all.
    expect(
      policy.decide(state, Float64Array.of(1, 1), [true, false, true], seededRng(2)).probabilities,
    ).toEqual([0, 0, 1]);
  });

  it('treats scores within 1e-12 relative as ties', () => {
    const policy = createLinUcb({ alpha: 0 });
    let state = policy.init(2, 1);
    state = policy.update(state, 0, Float64Array.of(1), 1);
    state = policy.update(state, 1, Float64Array.of(1), 1 + 1e-13);
    expect(policy.decide(state, Float64Array.of(1), [true, true], seededRng(1)).probabilities).toEqual([
      0.5, 0.5,
    ]);
    state = policy.update(state, 1, Float64Array.of(1), 1 + 1e-6);
    expect(policy.decide(state, Float64Array.of(1), [true, true], seededRng(1)).probabilities).toEqual([
      0, 1,
    ]);
  });

  it('survives a JSON round trip (the Durable Object stores it as is)', () => {
    const policy = createLinUcb();
    let state = policy.init(2, 3);
    state = policy.update(state, 1, Float64Array.of(1, 2, -1), 0.7);
    const copy = JSON.parse(JSON.stringify(state)) as LinearState;
    const x = Float64Array.of(1, 0.3, 0.2);
    expect(linUcbScores(copy, x, 1)).toEqual(linUcbScores(state, x, 1));
  });

  it('refuses broken inputs', () => {
    const policy = createLinUcb();
    const state = policy.init(2, 2);
    expect(() => policy.update(state, 2, Float64Array.of(1, 0), 1)).toThrow(RangeError);
    expect(() => policy.update(state, 0, Float64Array.of(1), 1)).toThrow(RangeError);
    expect(() => policy.update(state, 0, Float64Array.of(1, Number.NaN), 1)).toThrow(RangeError);
    expect(() => policy.update(state, 0, Float64Array.of(1, 0), Number.POSITIVE_INFINITY)).toThrow(
      RangeError,
    );
    expect(() => policy.decide(state, Float64Array.of(1, 0), [false, false], seededRng(1))).toThrow(
      RangeError,
    );
    expect(() => policy.merge(state, policy.init(3, 2))).toThrow(RangeError);
    expect(() => policy.merge(state, createLinUcb({ lambda: 2 }).init(2, 2))).toThrow(RangeError);
    expect(() => createLinUcb({ alpha: -1 })).toThrow(RangeError);
    expect(() => createLinUcb({ lambda: 0 })).toThrow(RangeError);
    expect(() => createLinUcb({ gamma: 1.5 })).toThrow(RangeError);
  });
});
