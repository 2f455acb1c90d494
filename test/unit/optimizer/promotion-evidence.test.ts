import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/common/seeded-rng';
import { configStep } from '../../../src/optimizer/config-step';
import { outcomeStep, rewardWaitStep } from '../../../src/optimizer/outcome-step';
import { requestPolicy } from '../../../src/optimizer/policy-decision';
import { promotionRewardRange } from '../../../src/optimizer/promotion-evidence';
import type { PendingDecision } from '../../../src/optimizer/record-outcome';
import { sweepStep } from '../../../src/optimizer/rollout-action-step';
import type { TaskTypeState } from '../../../src/optimizer/task-type-state';
import { promotionEvidenceKey } from '../../../src/storage/promotion-evidence-json';
import { act, configOf, created, deepFreeze, T0 } from './fixture';

const TAU = 0.05;

/** A canary task type that may promote as soon as the evidence allows. */
function canary(): TaskTypeState {
  return created(
    configOf({
      rollout: {
        phase: 'canary',
        dwellMs: { shadow: 0, canary: 0, guarded: 0 },
        minSamples: { treated: 5, control: 5 },
      },
    }),
  );
}

let counter = 0;
/** A decision served as the canary serves it: treated with τ, then base or warm by π = (½, ½). */
function served(rng: () => number, issuedAtMs = T0 + 1): PendingDecision {
  const treated = rng() < TAU;
  const warm = treated && rng() < 0.5;
  const propensity = warm ? TAU * 0.5 : 1 - TAU + TAU * 0.5;
  return {
    decisionId: `d${++counter}`,
    armId: warm ? 'warm' : 'base',
    issuedAtMs,
    expiresAtMs: issuedAtMs + 86_400_000,
    outcome: {},
    reward: null,
    encoded: null,
    served: treated ? 'policy' : 'baseline',
    configVersion: 1,
    logged: { propensity, share: TAU },
  };
}

/** `n` decisions with their outcomes: quality `quality(arm)`, the same latency, tokens and success everywhere. */
function run(s: TaskTypeState, n: number, quality: (arm: string) => number, seed: string) {
  const rng = seededRng(seed);
  let next = s;
  for (let i = 0; i < n; i++) {
    const pending = served(rng);
    const outcome = {
      decisionId: pending.decisionId,
      quality: quality(pending.armId),
      latencyMs: 300,
      success: true,
      promptTokens: 100,
      completionTokens: 100,
    };
    next = outcomeStep(next, { outcome, pending, reservedTokens: 0 }, T0 + 2 + i).next;
  }
  return next;
}

describe('promotion evidence in the object', () => {
  it('folds each newly rewarded decision of the phase, counting the treated cohort per arm', () => {
    const s = deepFreeze(canary());
    const next = run(s, 400, () => 0.5, 'fold');
    const e = next.promotionEvidence;
    expect(e.cs.difference.n).toBe(400);
    expect(e.policyVersion).toBe(s.rollout.phasePolicyVersion);
    const treated = Object.values(e.treatedArms).reduce((a, b) => a + b, 0);
    expect(treated).toBeGreaterThan(5);
    expect(treated).toBeLessThan(60);
    // The same outcome again completes no reward: nothing more is folded.
    expect(s.promotionEvidence.cs.difference.n).toBe(0);
  });

  it('ignores decisions issued before the evidence started, and shadow’s baseline-only rows', () => {
    const s = canary();
    const early = { ...served(() => 0), issuedAtMs: T0 - 1 };
    const outcome = { decisionId: early.decisionId, quality: 1 };
    const after = outcomeStep(s, { outcome, pending: early, reservedTokens: 0 }, T0 + 5).next;
    expect(after.promotionEvidence.cs.difference.n).toBe(0);
    const shadow = { ...served(() => 0.9), logged: { propensity: 1, share: 0 } };
    const out2 = { decisionId: shadow.decisionId, quality: 1 };
    expect(
      outcomeStep(s, { outcome: out2, pending: shadow, reservedTokens: 0 }, T0 + 5).next.promotionEvidence.cs
        .difference.n,
    ).toBe(0);
  });

  it('folds rewards scored at the reward wait too', () => {
    const s = created(configOf({ rollout: { phase: 'canary' }, reward: { defaults: { quality: 0.5 } } }));
    const pending = { ...served(() => 0.9), outcome: { latencyMs: 100 } };
    const { next } = rewardWaitStep(s, [pending], T0 + 2 * 3_600_000);
    expect(next.promotionEvidence.cs.difference.n).toBe(1);
  });

  it('restarts at a phase change, a pause/resume and a config change', () => {
    const s = run(canary(), 200, () => 0.5, 'reset');
    expect(s.promotionEvidence.cs.difference.n).toBe(200);
    const advanced = act(s, 'advance', T0 + 10_000);
    expect(advanced.promotionEvidence.cs.difference.n).toBe(0);
    expect(advanced.promotionEvidence.sinceMs).toBe(T0 + 10_000);
    expect(advanced.promotionEvidence.policyVersion).toBe(advanced.rollout.phasePolicyVersion);
    const paused = act(s, 'pause', T0 + 10_000);
    expect(paused.promotionEvidence.cs.difference.n).toBe(200);
    const resumed = act(paused, 'resume', T0 + 20_000);
    expect(resumed.promotionEvidence.cs.difference.n).toBe(0);
    const input = { taskType: 'summarize', config: s.policy.config, ifMatchVersion: null, actor: 't' };
    const changed = configStep(s, input, T0 + 30_000).next!;
    expect(changed.promotionEvidence.cs.difference.n).toBe(0);
  });

  it('promotes a clearly better policy on the sweep from the anytime bound, and not one equal to the baseline', () => {
    const better = run(canary(), 3000, (arm) => (arm === 'warm' ? 0.9 : 0.2), 'better');
    const sweptBetter = sweepStep(better, T0 + 4000);
    expect(sweptBetter.reply.promotion).toMatchObject({ promote: true });
    expect(sweptBetter.next.rollout.phase).toBe('guarded');
    const same = run(canary(), 3000, () => 0.5, 'same');
    const sweptSame = sweepStep(same, T0 + 4000);
    expect(sweptSame.reply.promotion).toMatchObject({ promote: false, blocker: 'evaluation' });
    expect(sweptSame.next.rollout.phase).toBe('canary');
  });

  it('evaluates a contextual snapshot at each decision’s stored encoded context', () => {
    const config = configOf({
      policy: { kind: 'linear-thompson' },
      features: [{ name: 'size', kind: 'numeric' }],
      rollout: { phase: 'canary' },
    });
    const s = created(config);
    expect(s.promotionEvidence.target).toBeNull();
    const encoded = Array.from(requestPolicy(s.policy, null, { size: 3 }).x!);
    const pending = { ...served(() => 0.01), armId: 'warm', encoded };
    const outcome = { decisionId: pending.decisionId, quality: 1 };
    const next = outcomeStep(s, { outcome, pending, reservedTokens: 0 }, T0 + 5).next;
    expect(next.promotionEvidence.cs.difference.n).toBe(1);
    // Without its context a contextual row cannot be evaluated: skipped, never guessed.
    const bare = { ...pending, decisionId: 'bare', encoded: null };
    const skipped = outcomeStep(
      s,
      { outcome: { decisionId: 'bare', quality: 1 }, pending: bare, reservedTokens: 0 },
      T0 + 5,
    );
    expect(skipped.next.promotionEvidence.cs.difference.n).toBe(0);
  });

  it('maps the reward range of the config onto [0, 1], widened by the non-quality weights', () => {
    expect(promotionRewardRange(configOf().reward)).toEqual([0, 1]);
    const weighted = configOf({
      reward: { weights: { quality: 1, latency: 0.5, tokens: 0.2, cost: 0 }, qualityFloor: 0.3 },
    }).reward;
    expect(promotionRewardRange(weighted)[0]).toBeCloseTo(-0.5 - 0.5 - 0.2, 12);
    expect(promotionRewardRange(weighted)[1]).toBe(1);
  });

  it('stores and reads back through its meta key; an unreadable value starts afresh', () => {
    const e = run(canary(), 50, () => 0.5, 'store').promotionEvidence;
    const json = JSON.parse(JSON.stringify(promotionEvidenceKey.encode(e)));
    expect(promotionEvidenceKey.decode(json)).toEqual(e);
    expect(promotionEvidenceKey.decode({ sinceMs: 'x' })).toBeNull();
  });
});
