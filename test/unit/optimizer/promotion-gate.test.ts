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

describe('promotion gate', () => {
  it('weighs each arm’s tokens per quality point by how often the policy served it', () => {
    const config = configOf();
    // base: 100 tokens, 0.5 quality per call, 10 pulls; warm: 200 tokens, 0.8 quality, 30 pulls.
    const arms = { base: arm(10, 1000, 10, 5, 10), warm: arm(30, 2000, 10, 8, 10) };
    // policy: (10·100 + 30·200) / (10·0.5 + 30·0.8) = 7000 / 29; baseline: 1000 / 5 = 200.
    const tpq = tokensPerQualityPoint(config, arms);
    expect(tpq.policy).toBeCloseTo(7000 / 29, 10);
    expect(tpq.baseline).toBe(200);
  });

  it('knows no cost until an arm has reported both tokens and quality', () => {
    expect(tokensPerQualityPoint(configOf(), { base: arm(5, 500, 5, 0, 0) })).toEqual({
      policy: null,
      baseline: null,
    });
  });

  it('refuses to promote on an evaluation of another policy version than the phase-start snapshot', () => {
    const s = created(
      configOf({ rollout: { phase: 'canary', dwellMs: { shadow: 0, canary: 0, guarded: 0 } } }),
    );
    const view = windowView(emptySloWindow({ windowMs: 60_000, bucketMs: 30_000, sketchAlpha: 0.01 }), T0);
    const evaluation = { createdAtMs: T0 + 1, policyVersion: '9.9', gateLowerBound: 0.1 };
    const minSamples = { treated: 0, control: 0 };
    const config = { ...s.policy.config, rollout: { ...s.policy.config.rollout, minSamples } };
    const guard = { verdict: 'ok' as const, rules: [], breach: null, reason: 'ok', segment: 1 };
    const decision = checkPromotion(config, s.rollout, view, guard, evaluation, {}, T0 + 10);
    expect(decision).toMatchObject({ promote: false, blocker: 'stale_evaluation' });
  });
});
