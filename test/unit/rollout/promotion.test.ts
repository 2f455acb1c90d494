import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLLOUT_SETTINGS, RolloutSettings } from '../../../src/rollout/config';
import { initialRolloutState } from '../../../src/rollout/phase-machine';
import { type PromotionInput, promotionDecision } from '../../../src/rollout/promotion';

const HOUR = 3_600_000;
const T0 = 10 * HOUR;

/** Every condition met for canary → guarded (dwell 6 h by default). */
const ready: PromotionInput = {
  state: initialRolloutState(T0, '4.2', 'canary'),
  nowMs: T0 + 6 * HOUR,
  settings: DEFAULT_ROLLOUT_SETTINGS,
  samples: { treated: 500, control: 9500 },
  guard: 'ok',
  evaluation: { policyVersion: '4.2', evaluatedAtMs: T0 + 5 * HOUR, lowerBound: -0.004 },
  tokensPerQualityPoint: { policy: 1040, baseline: 1000 },
};

describe('promotion', () => {
  it('promotes when dwell, samples, guard, evaluation and cost are all met', () => {
    expect(promotionDecision(ready)).toMatchObject({ promote: true });
  });

  it.each<[string, Partial<PromotionInput>, string]>([
    ['dwell not met', { nowMs: T0 + 5 * HOUR }, 'dwell'],
    ['too few treated', { samples: { treated: 10, control: 9500 } }, 'samples'],
    ['a breach open', { guard: 'breach' }, 'guard'],
    ['an inconclusive guard', { guard: 'inconclusive' }, 'guard'],
    ['no evaluation', { evaluation: null }, 'no_evaluation'],
    [
      'an evaluation of another snapshot',
      { evaluation: { ...ready.evaluation!, policyVersion: '4.9' } },
      'stale_evaluation',
    ],
    [
      'an evaluation from before the phase',
      { evaluation: { ...ready.evaluation!, evaluatedAtMs: T0 - 1 } },
      'stale_evaluation',
    ],
    [
      'a lower bound below −margin',
      { evaluation: { ...ready.evaluation!, lowerBound: -0.0101 } },
      'evaluation',
    ],
    [
      'an evaluation the log could not support (no lower bound)',
      { evaluation: { ...ready.evaluation!, lowerBound: null } },
      'evaluation',
    ],
    [
      'tokens per quality point above baseline × 1.05',
      { tokensPerQualityPoint: { policy: 1051, baseline: 1000 } },
      'cost',
    ],
    ['unknown cost', { tokensPerQualityPoint: { policy: null, baseline: 1000 } }, 'cost'],
    ['frozen', { state: { ...ready.state, frozen: true, frozenReason: 'paused' } }, 'frozen'],
    ['general', { state: { ...ready.state, phase: 'general' } }, 'last_phase'],
    ['shadow without opt-in', { state: { ...ready.state, phase: 'shadow' } }, 'manual_only'],
  ])('holds with %s', (_, change, blocker) => {
    expect(promotionDecision({ ...ready, ...change })).toMatchObject({ promote: false, blocker });
  });

  it('says how long the dwell still needs', () => {
    expect(promotionDecision({ ...ready, nowMs: T0 + 5 * HOUR })).toMatchObject({ waitMs: HOUR });
  });

  it('promotes shadow → canary automatically only when opted in, on dwell and control samples', () => {
    const settings = RolloutSettings.parse({ promotion: { automatic: true }, dwellMs: { shadow: 1000 } });
    const shadow = {
      ...ready,
      settings,
      state: initialRolloutState(T0, '4.2'),
      nowMs: T0 + 1000,
      guard: null,
    };
    expect(promotionDecision({ ...shadow, evaluation: null })).toMatchObject({ promote: true });
    expect(promotionDecision({ ...shadow, samples: { treated: 0, control: 3 } })).toMatchObject({
      blocker: 'samples',
    });
  });
});

describe('rollout settings', () => {
  it('default to the documented values', () => {
    expect(DEFAULT_ROLLOUT_SETTINGS).toMatchObject({
      guardedShare: 0.25,
      windowMs: 900_000,
      onBreach: 'shadow',
      minConfidence: 0,
      promotion: { automatic: false, margin: 0.01, costRatioMax: 1.05 },
      breach: { latencyRatioMax: 1.1, qualityDropMax: 0.05, alpha: 0.01 },
    });
  });

  it('refuse a guarded share above 50 %', () => {
    expect(RolloutSettings.safeParse({ guardedShare: 0.6 }).success).toBe(false);
  });
});
