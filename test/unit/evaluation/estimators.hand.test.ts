import { describe, expect, it } from 'vitest';
import { estimatePolicy } from '../../../src/evaluation/estimate-policy';
import type { LoggedRounds } from '../../../src/evaluation/types';
import { HAND_LOG as log, targetMatrix } from './logs';

// Three rounds, two arms, every expected value worked out by hand in the comments
// (independent of the code: plain arithmetic from DESIGN §7's formulas).
//   row  served  p     r    q̂(a)  q̂(b)
//   0    a       0.5   1    0.6   0.2
//   1    b       0.25  0    0.5   0.4
//   2    a       0.8   0.5  0.3   0.9
const qHat = Float64Array.from([0.6, 0.2, 0.5, 0.4, 0.3, 0.9]);

function run(spec: string, lambda = 100) {
  return estimatePolicy(log, targetMatrix(log, spec), qHat, lambda);
}

describe('estimators on a hand-computed log', () => {
  it('always-a: w = [2, 0, 1.25]', () => {
    const { weights, estimators } = run('arm:a', 1.5);
    expect([...weights]).toEqual([2, 0, 1.25]);
    // IPS = (2·1 + 0 + 1.25·0.5) / 3 = 2.625 / 3
    expect(estimators.ips.value).toBeCloseTo(0.875, 15);
    // SNIPS = 2.625 / 3.25
    expect(estimators.snips.value).toBeCloseTo(2.625 / 3.25, 15);
    // DM = (0.6 + 0.5 + 0.3) / 3
    expect(estimators.dm.value).toBeCloseTo(1.4 / 3, 15);
    // DR rows: 0.6 + 2·0.4 = 1.4; 0.5 + 0 = 0.5; 0.3 + 1.25·0.2 = 0.55 → 2.45 / 3
    expect(estimators.dr.value).toBeCloseTo(2.45 / 3, 15);
    // SNDR = DM + (0.8 + 0 + 0.25) / 3.25
    expect(estimators.sndr.value).toBeCloseTo(1.4 / 3 + 1.05 / 3.25, 15);
    // Switch-DR(1.5): row 0's weight 2 > 1.5 keeps only q̂ = 0.6 → (0.6 + 0.5 + 0.55) / 3
    expect(estimators.switchDr.value).toBeCloseTo(1.65 / 3, 15);
  });

  it('uniform: w = [1, 2, 0.625]', () => {
    const { estimators } = run('uniform');
    // IPS = (1·1 + 2·0 + 0.625·0.5) / 3
    expect(estimators.ips.value).toBeCloseTo(1.3125 / 3, 15);
    // DM rows: (0.6+0.2)/2, (0.5+0.4)/2, (0.3+0.9)/2 → (0.4 + 0.45 + 0.6) / 3
    expect(estimators.dm.value).toBeCloseTo(1.45 / 3, 15);
    // DR rows: 0.4 + 1·0.4; 0.45 + 2·(0 − 0.4); 0.6 + 0.625·0.2 → (0.8 − 0.35 + 0.725) / 3
    expect(estimators.dr.value).toBeCloseTo(1.175 / 3, 15);
  });

  it("keeps OBP's per-round SNIPS contributions w·r / mean(w), not w·r / Σw", () => {
    const { estimators } = run('arm:a');
    // mean(w) = 3.25 / 3, so row 0 contributes 2·1 / (3.25/3)
    expect(estimators.snips.contributions[0]).toBeCloseTo(2 / (3.25 / 3), 14);
  });

  it('leaves SNIPS and SNDR undefined when the target never picks a logged action', () => {
    const onlyA: LoggedRounds = { ...log, n: 2, action: Int32Array.from([0, 0]) };
    const { estimators } = estimatePolicy(onlyA, targetMatrix(onlyA, 'arm:b'), qHat.subarray(0, 4));
    expect(estimators.ips.value).toBe(0);
    expect(estimators.snips.value).toBeNaN();
    expect(estimators.sndr.value).toBeNaN();
    // DM still answers from q̂(b): (0.2 + 0.4) / 2
    expect(estimators.dm.value).toBeCloseTo(0.3, 15);
  });
});
