import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import {
  createLinearThompson,
  DEFAULT_V,
  drawScoreWinners,
  linearThompsonScores,
} from '../../../src/policies/linear-thompson';
import { directPrediction, type Observation } from './reference';

/** Standard normal CDF by the Abramowitz–Stegun 26.2.17 polynomial (|error| < 7.5e-8). */
function phi(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/** P(arm i has the largest of independent N(mean, sd²)) = ∫ φ_i(s)·Π_{j≠i} Φ_j(s) ds, trapezoid rule. */
function exactWinProbabilities(mean: number[], sd: number[]): number[] {
  const lo = Math.min(...mean.map((m, i) => m - 10 * sd[i]!));
  const hi = Math.max(...mean.map((m, i) => m + 10 * sd[i]!));
  const steps = 20_000;
  const h = (hi - lo) / steps;
  return mean.map((mi, i) => {
    let total = 0;
    for (let s = 0; s <= steps; s++) {
      const v = lo + s * h;
      const z = (v - mi) / sd[i]!;
      let f = Math.exp((-z * z) / 2) / (sd[i]! * Math.sqrt(2 * Math.PI));
      mean.forEach((mj, j) => {
        if (j !== i) f *= phi((v - mj) / sd[j]!);
      });
      total += (s === 0 || s === steps ? 0.5 : 1) * f * h;
    }
    return total;
  });
}

function trainedState(seed: string, arms: number, d: number, n: number) {
  const policy = createLinearThompson();
  const rng = seededRng(seed);
  const observations: Observation[] = [];
  let state = policy.init(arms, d);
  for (let t = 0; t < n; t++) {
    const x = [1, ...Array.from({ length: d - 1 }, () => 2 * rng() - 1)];
    const arm = Math.floor(rng() * arms);
    const reward = 0.5 + 0.2 * (arm - 1) * x[1]! + 0.1 * (rng() - 0.5);
    observations.push({ arm, x, reward });
    state = policy.update(state, arm, Float64Array.from(x), reward);
  }
  return { policy, state, observations };
}

describe('linear Thompson score distribution', () => {
  it('is N(xᵀθ̂, v²·xᵀA⁻¹x) with θ̂ and A⁻¹ from a from-scratch solve', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 0, max: 80 }),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (seed, n, tail) => {
          const { state, observations } = trainedState(seed, 3, 4, n);
          const probe = [1, ...tail];
          const { mean, sd } = linearThompsonScores(state, Float64Array.from(probe), DEFAULT_V);
          for (let k = 0; k < 3; k++) {
            const direct = directPrediction(observations, k, probe, 1);
            expect(Math.abs(mean[k]! - direct.mean)).toBeLessThan(1e-9 * Math.max(1, Math.abs(direct.mean)));
            const wantSd = DEFAULT_V * Math.sqrt(direct.spread);
            expect(Math.abs(sd[k]! - wantSd)).toBeLessThan(1e-9 * Math.max(1, wantSd));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('samples each score from that normal: its CDF at five points, against a fixed rival', () => {
    // Arm 0 draws N(m, s²); arm 1 is pinned at c (sd 0), so arm 0 wins exactly when its draw
    // is ≥ c and wins/M estimates 1 − Φ((c − m)/s): mean and spread both show in the CDF.
    const m = 10_000;
    for (const z of [-1.5, -0.5, 0, 0.5, 1.5]) {
      const c = 0.3 + 0.2 * z;
      const { wins } = drawScoreWinners(seededRng(`cdf${z}`), { mean: [0.3, c], sd: [0.2, 0] }, m, [
        true,
        true,
      ]);
      const p = 1 - phi(z);
      expect(Math.abs(wins[0]! / m - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / m));
    }
  });
});

describe('linear Thompson exact propensities', () => {
  it('wins/M matches the closed-form P(arm has the top score) within binomial error (M = 10 000)', () => {
    const { state } = trainedState('closed-form', 3, 3, 60);
    const x = Float64Array.of(1, 0.4, -0.2);
    const { mean, sd } = linearThompsonScores(state, x, DEFAULT_V);
    const exact = exactWinProbabilities(mean, sd);
    expect(exact.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 6);
    const m = 10_000;
    const decision = createLinearThompson({ draws: m }).decide(state, x, [true, true, true], seededRng('cf'));
    decision.probabilities.forEach((p, k) => {
      const se = Math.sqrt((exact[k]! * (1 - exact[k]!)) / m);
      expect(Math.abs(p - exact[k]!)).toBeLessThan(4.5 * se + 1e-6);
    });
  });

  it('two arms: wins/M against Φ((m₀ − m₁)/√(s₀² + s₁²))', () => {
    const m = 10_000;
    const scores = { mean: [0.5, 0.45], sd: [0.1, 0.05] };
    const { wins } = drawScoreWinners(seededRng('two'), scores, m, [true, true]);
    const p0 = phi((0.5 - 0.45) / Math.sqrt(0.01 + 0.0025));
    expect(Math.abs(wins[0]! / m - p0)).toBeLessThan(4.5 * Math.sqrt((p0 * (1 - p0)) / m));
  });

  it('pick lands on each arm with exactly the returned probability', () => {
    const { policy, state } = trainedState('pick', 4, 3, 40);
    const decision = policy.decide(
      state,
      Float64Array.of(1, 0.1, 0.3),
      [true, true, false, true],
      seededRng('d'),
    );
    expect(decision.probabilities[2]).toBe(0);
    expect(decision.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(decision.probabilityBest).toEqual(decision.probabilities);
    const rng = seededRng('picks');
    const n = 200_000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[decision.pick(rng)]! += 1;
    decision.probabilities.forEach((p, k) => {
      expect(Math.abs(counts[k]! / n - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / n));
    });
  });

  it('breaks a tied draw toward the lowest eligible index', () => {
    const { wins } = drawScoreWinners(seededRng(1), { mean: [1, 1, 1], sd: [0, 0, 0] }, 50, [
      false,
      true,
      true,
    ]);
    expect(wins).toEqual([0, 50, 0]);
  });

  it('refuses bad settings', () => {
    expect(() => createLinearThompson({ v: 0 })).toThrow(RangeError);
    expect(() => createLinearThompson({ draws: 0 })).toThrow(RangeError);
    expect(() => createLinearThompson({ draws: 1.5 })).toThrow(RangeError);
  });
});
