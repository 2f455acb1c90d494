import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { createContextualPolicy } from '../../../src/policies';

describe('createContextualPolicy', () => {
  it('builds each kind, sharing one state shape', () => {
    const ucb = createContextualPolicy({ kind: 'linucb' });
    const ts = createContextualPolicy({ kind: 'linear-thompson', draws: 50 });
    expect(ucb.kind).toBe('linucb');
    expect(ts.kind).toBe('linear-thompson');
    const state = ucb.update(ucb.init(2, 2), 0, Float64Array.of(1, 1), 1);
    expect(ts.coefficients(state)).toEqual(ucb.coefficients(state));
    const decision = ts.decide(state, Float64Array.of(1, 1), [true, true], seededRng(1));
    expect(decision.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(decision.probabilities.every((p) => p * 50 === Math.round(p * 50))).toBe(true);
  });

  it('passes alpha, lambda and gamma through', () => {
    // λ = 4: a fresh arm's spread at x = (1) is 1/4, so the score is α·½.
    const ucb = createContextualPolicy({ kind: 'linucb', alpha: 3, lambda: 4 });
    const state = ucb.init(1, 1);
    expect(state.lambda).toBe(4);
    expect(state.arms[0]!.aInverse).toEqual([0.25]);
    const forgetting = createContextualPolicy({ kind: 'linucb', gamma: 0.5 });
    let s = forgetting.init(1, 1);
    s = forgetting.update(s, 0, Float64Array.of(1), 1);
    s = forgetting.update(s, 0, Float64Array.of(1), 1);
    // A = λ + γ·1 + 1 = 2.5 and n = γ + 1 = 1.5: the first reward weighs one half.
    expect(s.arms[0]!.a).toEqual([2.5]);
    expect(s.arms[0]!.n).toBe(1.5);
  });

  it('refuses invalid knobs', () => {
    expect(() => createContextualPolicy({ kind: 'linear-thompson', v: -1 })).toThrow(RangeError);
    expect(() => createContextualPolicy({ kind: 'linucb', gamma: 0 })).toThrow(RangeError);
  });
});
