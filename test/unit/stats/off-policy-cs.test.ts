import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { anytimeEvaluation } from '../../../src/rollout/anytime-promotion';
import {
  emptyOffPolicyCs,
  foldOffPolicyRow,
  offPolicyEstimate,
  offPolicyLowerBound,
} from '../../../src/stats/off-policy-cs';

/** Two arms at share τ; the target is uniform, so V(π) − V(base) = gap / 2. */
function stream(seed: string, gap: number, rows: number, tau: number, look: (lowerBound: number) => void) {
  const rng = seededRng(seed);
  const state = emptyOffPolicyCs(0.05, [-0.1, -0.05, -0.02, -0.01, 0, 0.01, 0.02, 0.05]);
  for (let i = 0; i < rows; i++) {
    const alt = rng() < tau * 0.5;
    const propensity = alt ? tau * 0.5 : 1 - tau * 0.5;
    const reward = rng() < 0.5 + (alt ? gap : 0) ? 1 : 0;
    foldOffPolicyRow(state, {
      reward,
      propensity,
      targetProbability: 0.5,
      servedBaseline: !alt,
      baselinePropensityFloor: 1 - tau,
    });
    if (i % 100 === 99) look(offPolicyLowerBound(state, 0.05));
  }
  return state;
}

describe('anytime off-policy lower bound of V(π) − V(baseline)', () => {
  // Issue 10, item 2: a 2.5 % test repeated every hour promoted a policy worse by the margin in
  // 14 % of runs. Here the bound is read every 100 rows, 60 times, at α = 0.05.
  it('stays below the truth at every look in ≥ 95 % of runs (truth −0.01, on the promotion boundary)', () => {
    let violated = 0;
    const runs = 150;
    for (let run = 0; run < runs; run++) {
      let bad = false;
      stream(`null-${run}`, -0.02, 6000, 0.25, (low) => {
        if (low > -0.01) bad = true;
      });
      if (bad) violated++;
    }
    expect(violated / runs).toBeLessThanOrEqual(0.09);
  });

  it('proves a better policy better than −margin given enough rows, and estimates it without bias', () => {
    const state = stream('better', 0.1, 40_000, 0.25, () => {});
    expect(offPolicyLowerBound(state, 0.05)).toBeGreaterThanOrEqual(-0.01);
    expect(offPolicyEstimate(state)).toBeCloseTo(0.05, 1);
    const evaluation = anytimeEvaluation(state, 'v1', 0, 2);
    expect(evaluation.lowerBound).toBe(offPolicyLowerBound(state, 0.025) * 2);
    expect(evaluation.anytimeValid).toBe(true);
  });

  it('counts rows served with propensity 1 as giving the target no support', () => {
    const state = emptyOffPolicyCs();
    foldOffPolicyRow(state, {
      reward: 1,
      propensity: 1,
      targetProbability: 0.5,
      servedBaseline: true,
      baselinePropensityFloor: 1,
    });
    expect(state.unsupportedRows).toBe(1);
    expect(() =>
      foldOffPolicyRow(state, {
        reward: 2,
        propensity: 1,
        targetProbability: 1,
        servedBaseline: true,
        baselinePropensityFloor: 1,
      }),
    ).toThrow(RangeError);
  });
});
