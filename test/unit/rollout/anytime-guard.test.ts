import { describe, expect, it } from 'vitest';
import { sampleStandardNormal } from '../../../src/bandit/distributions';
import { seededRng } from '../../../src/common/seeded-rng';
import {
  type AnytimeGuardSettings,
  DEFAULT_ANYTIME_GUARD_SETTINGS,
  firstAnytimeBreach,
  foldGuardOutcome,
  judgeAnytimeGuard,
  ruleAlphas,
  startAnytimeGuard,
} from '../../../src/rollout/anytime-guard';

const settings: AnytimeGuardSettings = DEFAULT_ANYTIME_GUARD_SETTINGS;
const lognormal = (rng: () => number, median: number) => median * Math.exp(0.3 * sampleStandardNormal(rng));

describe('anytime guard', () => {
  // Issue 10, item 1: the old t bound of an all-zero sample is 0 (variance 0), so 30 treated
  // failures against a 15 % pass rate "proved" a quality drop. Pass/fail quality at 15 % gives
  // runs of 30 zeros about once in 130 stretches: the old guard rolled back good canaries.
  it('does not roll back on a run of zero qualities that a 15 % pass rate produces by chance', () => {
    const state = startAnytimeGuard(0);
    const rng = seededRng('zeros');
    for (let i = 0; i < 2000; i++)
      foldGuardOutcome(state, 'control', { quality: rng() < 0.15 ? 1 : 0, latencyMs: 400, success: true });
    for (let i = 0; i < 30; i++)
      foldGuardOutcome(state, 'treated', { quality: 0, latencyMs: 400, success: true });
    expect(firstAnytimeBreach(state, settings)).toBeNull();
    const judgment = judgeAnytimeGuard(state, settings);
    expect(judgment.verdict).not.toBe('breach');
    const quality = judgment.rules.find((r) => r.rule === 'quality-relative')!;
    expect(quality.bounds.treated!).toBeGreaterThan(0.2);
  });

  // Issue 10, item 3: the old relative p99 rule needed 737+ control latencies inside a 15-minute
  // window and an alpha-spent look; at 1 req/s in canary a 2× regression was never rolled back.
  it('rolls back doubled latencies from a few dozen treated outcomes once ~1,000 control latencies have accumulated', () => {
    const rng = seededRng('double');
    const state = startAnytimeGuard(0);
    for (let i = 0; i < 1000; i++) foldGuardOutcome(state, 'control', { latencyMs: lognormal(rng, 400) });
    let treated = 0;
    while (firstAnytimeBreach(state, settings) === null && treated < 200) {
      foldGuardOutcome(state, 'treated', { latencyMs: 2 * lognormal(rng, 400) });
      treated++;
    }
    expect(treated).toBeLessThan(80);
    expect(firstAnytimeBreach(state, settings)).toBe('latency-p99-relative');
  });

  it('rolls back when the treated error rate exceeds the control by more than errorRateDeltaMax', () => {
    const rng = seededRng('errors');
    const state = startAnytimeGuard(0);
    for (let i = 0; i < 3000; i++) foldGuardOutcome(state, 'control', { success: rng() >= 0.01 });
    for (let i = 0; i < 300; i++) foldGuardOutcome(state, 'treated', { success: rng() >= 0.2 });
    expect(firstAnytimeBreach(state, settings)).toBe('error-rate-relative');
    expect(judgeAnytimeGuard(state, settings).breach?.rule).toBe('error-rate-relative');
  });

  it('says inconclusive, not ok, while the treated cohort is too small, and ok on identical cohorts', () => {
    const rng = seededRng('same');
    const state = startAnytimeGuard(0);
    const draw = () => ({ quality: rng(), latencyMs: lognormal(rng, 400), success: rng() >= 0.01 });
    for (let i = 0; i < 3000; i++) foldGuardOutcome(state, 'control', draw());
    for (let i = 0; i < 5; i++) foldGuardOutcome(state, 'treated', draw());
    expect(judgeAnytimeGuard(state, settings).verdict).toBe('inconclusive');
    for (let i = 0; i < 400; i++) foldGuardOutcome(state, 'treated', draw());
    const judgment = judgeAnytimeGuard(state, settings);
    expect(judgment.rules.map((r) => r.rule)).toEqual([
      'latency-p99-relative',
      'quality-relative',
      'error-rate-relative',
    ]);
    expect(judgment.verdict).toBe('ok');
  });

  it('judges an absolute SLO only when it is set, and accumulates rather than slides', () => {
    const state = startAnytimeGuard(0);
    for (let i = 0; i < 200; i++) foldGuardOutcome(state, 'treated', { quality: 0.2, success: true });
    const withSlo = { ...settings, slo: { qualityMin: 0.5 } };
    expect(firstAnytimeBreach(state, withSlo)).toBe('quality-absolute');
    expect(firstAnytimeBreach(state, settings)).toBeNull();
    // the statistics cover every outcome since the phase start: nothing ages out
    expect(state.treated.quality.n).toBe(200);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('keeps false rollbacks rare when treated sits exactly on the relative quality boundary, checked after every outcome', () => {
    // treated mean = control mean − 0.05: the hardest null; α = 0.01 over the whole phase.
    let breaches = 0;
    const runs = 100;
    for (let run = 0; run < runs; run++) {
      const rng = seededRng(`boundary-${run}`);
      const state = startAnytimeGuard(0);
      for (let i = 0; i < 4000; i++) {
        const treated = rng() < 0.1;
        foldGuardOutcome(state, treated ? 'treated' : 'control', {
          quality: rng() < (treated ? 0.45 : 0.5) ? 1 : 0,
        });
        if (treated && firstAnytimeBreach(state, settings) !== null) {
          breaches++;
          break;
        }
      }
    }
    expect(breaches / runs).toBeLessThanOrEqual(0.03);
  });
});

describe('rule levels', () => {
  it('gives quality-relative its own α and splits α over the other rules, a union bound over them', () => {
    const slo = { latencyP99Ms: 900, qualityMin: 0.3, errorRateMax: 0.05 };
    const alphas = ruleAlphas({ ...settings, qualityAlpha: 0.05, slo });
    expect(alphas.get('quality-relative')).toBe(0.05);
    const others = [...alphas].filter(([rule]) => rule !== 'quality-relative').map(([, a]) => a);
    expect(others).toHaveLength(5);
    expect(others.reduce((a, b) => a + b, 0)).toBeCloseTo(settings.alpha, 15);
  });

  it('splits α equally over every active rule when the quality rule has no level of its own', () => {
    const alphas = ruleAlphas(settings);
    expect([...alphas.values()]).toEqual([settings.alpha / 3, settings.alpha / 3, settings.alpha / 3]);
  });
});
