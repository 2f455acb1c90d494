import { describe, expect, it } from 'vitest';
import { estimatePolicy } from '../../../src/evaluation/estimate-policy';
import { ESTIMATOR_NAMES } from '../../../src/evaluation/types';
import { loadExpected, loadFixtureLog } from './fixture';
import { targetMatrix } from './logs';

// Expected values: the Open Bandit Pipeline 0.5.5's own estimators run on the same 1,000
// rounds (test/fixtures/ope/expected.json), an implementation independent of ours.
const expected = loadExpected();
const log = loadFixtureLog();

describe('estimators on the OBP fixture', () => {
  it('reads the fixture as OBP saw it', () => {
    expect(log.n).toBe(expected.n);
    expect(log.arms).toEqual(expected.arms);
    expect(log.suppliedExpectedRewards).not.toBeNull();
  });

  for (const [spec, policy] of Object.entries(expected.policies)) {
    it(`matches OBP's point estimates for ${spec} to 1e-12 relative`, () => {
      const pi = targetMatrix(log, spec);
      const result = estimatePolicy(log, pi, log.suppliedExpectedRewards!, expected.switchLambda);
      for (const name of ESTIMATOR_NAMES) {
        const want = policy.estimates[name]!.value;
        const got = result.estimators[name].value;
        expect(Math.abs(got - want) / Math.abs(want), `${spec} ${name}: ${got} vs ${want}`).toBeLessThan(
          1e-12,
        );
      }
    });
  }
});
