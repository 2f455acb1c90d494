import { describe, expect, it } from 'vitest';
import { EMPTY_ARM_STATS } from '../../../src/optimizer/arm-stats';
import { checkPromotion, tokensPerQualityPoint } from '../../../src/optimizer/promotion-gate';
import { emptySloWindow, windowView } from '../../../src/rollout/slo-window';
import { configOf, created, T0 } from './fixture';

const arm = (
  pulls: number,
  tokensSum: number,
  tokensCount: number,
  qualitySum: number,
  qualityCount: number,
) => ({
  ...EMPTY_ARM_STATS,
  pulls,
  tokensSum,
  tokensCount,
  qualitySum,
  qualityCount,
});

const OK = { verdict: 'ok' as const, rules: [], breach: null, reason: 'ok' };

/** An anytime evaluation of `policyVersion` proving `lowerBound`. */
const anytimeOf = (policyVersion: string, lowerBound: number) => ({
  policyVersion,
  evaluatedAtMs: T0 + 1,
  lowerBound,
  estimate: lowerBound + 0.05,
  rows: 1000,
  method: 'betting-cs-ips' as const,
  anytimeValid: true as const,
});

describe('promotion gate', () => {
  it('weighs each arm’s tokens per quality point by how often the policy served it', () => {
    const config = configOf();
    // base: 100 tokens, 0.5 quality per call; warm: 200 tokens, 0.8 quality; served 10 and 30 times.
    const arms = { base: arm(500, 50_000, 500, 250, 500), warm: arm(30, 2000, 10, 8, 10) };
    // policy: (10·100 + 30·200) / (10·0.5 + 30·0.8) = 7000 / 29; baseline: 1000 / 5 = 200.
    const tpq = tokensPerQualityPoint(config, arms, { base: 10, warm: 30 });
    expect(tpq.policy).toBeCloseTo(7000 / 29, 10);
    expect(tpq.baseline).toBe(200);
  });

  it('knows no cost until an arm has reported both tokens and quality', () => {
    expect(tokensPerQualityPoint(configOf(), { base: arm(5, 500, 5, 0, 0) }, { base: 5 })).toEqual({
      policy: null,
      baseline: null,
    });
  });

  it('fails an arm costing 2× the baseline in canary, where 95 % of the pulls are the control', () => {
    // 1,000 decisions: 950 control (all base), 50 treated, of which the policy served warm 40
    // times and base 10. warm spends 2× base's tokens at the same quality. Weighing by all pulls
    // (the first release) gave (960·100 + 40·200) / (1000·0.5) = 208 = 1.04 × 200: passed.
    const config = configOf({ rollout: { phase: 'canary' } });
    const arms = { base: arm(960, 96_000, 960, 480, 960), warm: arm(40, 8000, 40, 20, 40) };
    const tpq = tokensPerQualityPoint(config, arms, { base: 10, warm: 40 });
    expect(tpq.baseline).toBe(200);
    // (10·100 + 40·200) / (50·0.5) = 360 = 1.8 × the baseline.
    expect(tpq.policy).toBeCloseTo(360, 10);
    const s = created(config);
    const minSamples = { treated: 0, control: 0 };
    const rolloutSettings = { ...config.rollout, minSamples, dwellMs: { shadow: 0, canary: 0, guarded: 0 } };
    const view = windowView(emptySloWindow({ windowMs: 60_000, bucketMs: 30_000, sketchAlpha: 0.01 }), T0);
    const evaluation = anytimeOf(s.rollout.phasePolicyVersion!, 0.05);
    const gate = (servedArms: Record<string, number>) =>
      checkPromotion(
        { ...config, rollout: rolloutSettings },
        s.rollout,
        view,
        OK,
        { evaluation, arms, servedArms },
        T0 + 10,
      );
    expect(gate({ base: 10, warm: 40 })).toMatchObject({ promote: false, blocker: 'cost' });
    // The same arms weighed by all their pulls pass, as they did before.
    expect(gate({ base: 960, warm: 40 })).toMatchObject({ promote: true });
  });

  it('refuses to promote on an evaluation of another policy version than the phase-start snapshot', () => {
    const s = created(
      configOf({ rollout: { phase: 'canary', dwellMs: { shadow: 0, canary: 0, guarded: 0 } } }),
    );
    const view = windowView(emptySloWindow({ windowMs: 60_000, bucketMs: 30_000, sketchAlpha: 0.01 }), T0);
    const evaluation = anytimeOf('9.9', 0.1);
    const minSamples = { treated: 0, control: 0 };
    const config = { ...s.policy.config, rollout: { ...s.policy.config.rollout, minSamples } };
    const input = { evaluation, arms: {}, servedArms: {} };
    const decision = checkPromotion(config, s.rollout, view, OK, input, T0 + 10);
    expect(decision).toMatchObject({ promote: false, blocker: 'stale_evaluation' });
  });
});
