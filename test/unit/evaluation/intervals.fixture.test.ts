import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATION, evaluateLog } from '../../../src/evaluation/evaluate';
import { parsePolicySpec, type TargetPolicy } from '../../../src/evaluation/target-policy';
import { ESTIMATOR_NAMES } from '../../../src/evaluation/types';
import { loadExpected, loadFixtureLog } from './fixture';

// Expected bounds: OBP 0.5.5's percentile bootstrap (1,000 resamples, α = 0.05) on the same
// rounds. Its random stream (numpy RandomState(12345)) differs from ours, so bounds can only
// agree statistically: a 2.5% percentile of 1,000 resamples has a Monte Carlo sd of ~0.004
// on the widest (single-arm) intervals here, so two independent runs differ by up to ~0.015
// over these 60 bounds (0.010–0.013 seen for seeds 1–3); an interval of the wrong width
// (e.g. bootstrapping the wrong contributions) misses by more.
const expected = loadExpected();
const log = loadFixtureLog();

describe('bootstrap intervals on the OBP fixture', () => {
  const policies: TargetPolicy[] = Object.keys(expected.policies).map((spec) => {
    const parsed = parsePolicySpec(spec, log.arms);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.policy;
  });
  const report = evaluateLog(log, policies, {
    ...DEFAULT_EVALUATION,
    resamples: 1000,
    alpha: 0.05,
    switchLambda: expected.switchLambda,
  });

  it('reports the supplied reward model', () => {
    expect(report.rewardModel).toBe('supplied');
    expect(report.n).toBe(1000);
  });

  for (const policy of report.policies) {
    it(`has OBP's bounds within 0.02 for ${policy.policy}`, () => {
      const want = expected.policies[policy.policy]!.estimates;
      for (const name of ESTIMATOR_NAMES) {
        const got = policy.estimates[name];
        expect(Math.abs(got.low - want[name]!.low), `${policy.policy} ${name} low`).toBeLessThan(0.02);
        expect(Math.abs(got.high - want[name]!.high), `${policy.policy} ${name} high`).toBeLessThan(0.02);
        expect(got.low).toBeLessThan(got.value);
        expect(got.high).toBeGreaterThan(got.value);
      }
    });
  }

  it('gives the same intervals for the same seed and different ones for another', () => {
    const run = (seed: number) =>
      evaluateLog(log, policies.slice(0, 1), { ...DEFAULT_EVALUATION, resamples: 200, seed }).policies[0]!
        .estimates;
    expect(run(7)).toEqual(run(7));
    expect(run(8).ips.low).not.toBe(run(7).ips.low);
  });
});
