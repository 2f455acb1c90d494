import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/evaluation/diagnostics';
import { importanceWeights } from '../../../src/evaluation/importance-weights';
import type { LoggedRounds } from '../../../src/evaluation/types';
import { HAND_LOG, targetMatrix } from './logs';

function diagnoseSpec(log: LoggedRounds, spec: string) {
  const pi = targetMatrix(log, spec);
  return diagnose(log, pi, importanceWeights(log, pi), 4);
}

const repeat = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

describe('diagnostics', () => {
  // Hand-computed: w = [2, 0, 1.25] → ess = 3.25² / (4 + 1.5625) = 10.5625 / 5.5625.
  it('computes ess and the max weight', () => {
    const d = diagnoseSpec(HAND_LOG, 'arm:a');
    expect(d.ess).toBeCloseTo(10.5625 / 5.5625, 14);
    expect(d.maxWeight).toBe(2);
    expect(d.unsupportedMass).toBe(0);
    expect(d.missingRewards).toBe(4);
    // ess 1.9 is below the 30 rows an interval needs
    expect(d.verdict).toMatch(/effective sample size 1\.9 of 3/);
  });

  it('says so when every row served one arm and the target wants another', () => {
    const n = 500;
    const log: LoggedRounds = {
      arms: ['a', 'b', 'c'],
      n,
      action: new Int32Array(n),
      propensity: new Float64Array(n).fill(0.9),
      reward: new Float64Array(n).fill(1),
    };
    const uniform = diagnoseSpec(log, 'uniform');
    // b and c never logged: 2/3 of the uniform policy's mass on every row
    expect(uniform.unsupportedMass).toBeCloseTo(2 / 3, 12);
    expect(uniform.verdict).toMatch(/Every logged decision served arm a/);
    const onlyB = diagnoseSpec(log, 'arm:b');
    expect(onlyB.unsupportedMass).toBe(1);
    expect(onlyB.verdict).toMatch(/zero probability to every action in the log/);
  });

  it('has no verdict on a well-supported log', () => {
    const n = 400;
    const log: LoggedRounds = {
      arms: ['a', 'b'],
      n,
      action: Int32Array.from(repeat(n, (i) => i % 2)),
      propensity: new Float64Array(n).fill(0.5),
      reward: Float64Array.from(repeat(n, (i) => (i % 3) / 2)),
    };
    expect(diagnoseSpec(log, 'uniform').verdict).toBeNull();
    // uniform over two arms logged uniformly: every weight is 1, so ess = n
    expect(diagnoseSpec(log, 'uniform').ess).toBeCloseTo(n, 10);
  });

  it('says there is nothing to estimate when no row has a reward', () => {
    const log: LoggedRounds = {
      arms: ['a'],
      n: 0,
      action: new Int32Array(0),
      propensity: new Float64Array(0),
      reward: new Float64Array(0),
    };
    expect(diagnoseSpec(log, 'uniform').verdict).toMatch(/No logged decision has a reward/);
  });
});

describe('support judged per row (DESIGN §10)', () => {
  // Half the rows were logged in shadow (only the baseline could be served: propensity 1),
  // half in canary, where the other arm was served now and then. The arm-level test saw
  // "b" served somewhere and called everything supported; per row, the shadow half is not.
  it('counts target mass on arms a row could not have served (served with propensity 1) as unsupported', () => {
    const n = 200;
    const log: LoggedRounds = {
      arms: ['base', 'b'],
      n,
      action: Int32Array.from(repeat(n, (i) => (i >= 100 && i % 20 === 0 ? 1 : 0))),
      propensity: Float64Array.from(repeat(n, (i) => (i < 100 ? 1 : i % 20 === 0 ? 0.025 : 0.975))),
      reward: Float64Array.from(repeat(n, () => 0.5)),
    };
    const d = diagnoseSpec(log, 'arm:b');
    expect(d.unsupportedMass).toBeCloseTo(0.5, 12);
    expect(d.verdict).toMatch(/could not be served/);
  });

  it('keeps rows logged with propensity < 1 supported', () => {
    const log: LoggedRounds = {
      arms: ['base', 'b'],
      n: 4,
      action: Int32Array.from([0, 1, 0, 1]),
      propensity: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
      reward: Float64Array.from([1, 0, 1, 0]),
    };
    expect(diagnoseSpec(log, 'uniform').unsupportedMass).toBe(0);
  });
});
