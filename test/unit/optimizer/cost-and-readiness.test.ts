import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/contract/outcome';
import { checkConfig } from '../../../src/guards/quality-gates';
import { outcomeStep, rewardWaitCutoff, rewardWaitStep } from '../../../src/optimizer/outcome-step';
import type { PendingDecision } from '../../../src/optimizer/record-outcome';
import { taskTypeStatus } from '../../../src/optimizer/status-view';
import type { TaskTypeState } from '../../../src/optimizer/task-type-state';
import { configOf, created, deepFreeze, pendingDecision, T0 } from './fixture';

// gpt4 at $10 / $30 per million tokens; 'm' (the fixture's model) at $1 / $2.
const priced = (reward: Record<string, unknown> = {}) =>
  configOf({
    pricing: { m: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 } },
    reward: { weights: { quality: 1, latency: 0, tokens: 0, cost: 0.5 }, costRefUsd: 0.001, ...reward },
  });

// A day to live: the reward wait may run long.
const decision = (overrides: Partial<PendingDecision> = {}) =>
  pendingDecision({ expiresAtMs: T0 + 86_400_000, ...overrides });

function play(s: TaskTypeState, parts: Omit<Outcome, 'decisionId'>[], nowMs = T0 + 1000) {
  let pending = decision();
  let state = s;
  const replies = [];
  for (const part of parts) {
    const out = outcomeStep(
      state,
      { outcome: { decisionId: 'd1', ...part }, pending, reservedTokens: 0 },
      nowMs,
    );
    replies.push(out.reply);
    state = out.next;
    const logged = out.effects.find((e) => e.kind === 'log-outcome');
    if (logged?.kind === 'log-outcome') pending = logged.decision;
  }
  return { state, pending, replies };
}

describe('pricing and cost', () => {
  it('refuses weights.cost > 0 with an unpriced model, naming the arm and the model', () => {
    const config = configOf({ reward: { weights: { cost: 1 } } });
    const violations = checkConfig(config);
    expect(violations.map((v) => v.path)).toEqual(['/arms/0/params/model', '/arms/1/params/model']);
    expect(violations[1]!.message).toContain("arm 'warm'");
    expect(violations[1]!.message).toContain("model 'm'");
    expect(checkConfig(priced())).toEqual([]);
  });

  it('waits for every weighted part: quality alone does not complete a reward that weighs cost', () => {
    const s = deepFreeze(created(priced()));
    const { pending, replies, state } = play(s, [
      { quality: 1 },
      { promptTokens: 1000, success: true },
      { completionTokens: 500 },
    ]);
    expect(replies[0]!.reward).toBeUndefined();
    expect(replies[1]!.reward).toBeUndefined();
    // cost = (1000·1 + 500·2) / 10⁶ = 0.002 USD; reward = 1 − 0.5 · 0.002 / 0.001 = 0
    expect(pending.outcome.costUsd).toBeCloseTo(0.002, 15);
    expect(replies[2]!.reward).toBeCloseTo(0, 12);
    expect(state.policy.arms.warm!.reward.n).toBe(1);
    expect(state.costToday).toEqual({ day: '2026-12-03', costUsd: pending.outcome.costUsd });
  });

  it('takes a reported costUsd over the tokens, and shows the mean cost per arm and the day’s cost', () => {
    const s = created(priced());
    const { state, replies } = play(s, [
      { quality: 0.5, promptTokens: 10, completionTokens: 10, costUsd: 0.0004 },
    ]);
    expect(replies[0]!.reward).toBeCloseTo(0.5 - (0.5 * 0.0004) / 0.001, 12);
    const status = taskTypeStatus(state, 0, null, T0 + 1000);
    expect(status.arms.find((a) => a.armId === 'warm')!.meanCostUsd).toBeCloseTo(0.0004, 15);
    expect(status.arms.find((a) => a.armId === 'base')!.meanCostUsd).toBeNull();
    expect(status.costUsd).toBeCloseTo(0.0004, 15);
    // Another UTC day starts from 0.
    expect(taskTypeStatus(state, 0, null, T0 + 86_400_000).costUsd).toBe(0);
  });

  it('scores at rewardWaitMs with reward.defaults, and leaves a part with neither value nor default missing', () => {
    const withDefaults = created(priced({ rewardWaitMs: 1000, defaults: { completionTokens: 100 } }));
    const { state, pending } = play(withDefaults, [{ quality: 1, promptTokens: 1000 }]);
    expect(pending.reward).toBeNull();
    expect(rewardWaitCutoff(state, T0 + 5000)).toBe(T0 + 4000);
    const waited = rewardWaitStep(state, [pending], T0 + 1000);
    // cost = (1000·1 + 100·2) / 10⁶ = 0.0012; reward = 1 − 0.5 · 1.2 = 0.4
    expect(waited.effects).toHaveLength(1);
    const logged = waited.effects[0]!;
    expect(logged.kind === 'log-outcome' && logged.decision.reward).toBeCloseTo(0.4, 12);

    const noDefaults = created(priced({ rewardWaitMs: 1000 }));
    const partial = play(noDefaults, [{ quality: 1, promptTokens: 1000 }]);
    expect(rewardWaitCutoff(partial.state, T0 + 5000)).toBeNull();
    expect(rewardWaitStep(partial.state, [partial.pending], T0 + 5000).effects).toEqual([]);
  });

  it('keeps defaultQuality as the alias of defaults.quality', () => {
    const s = created(configOf({ reward: { rewardWaitMs: 10, defaultQuality: 0.25 } }));
    const { state, pending } = play(s, [{ latencyMs: 100 }]);
    const waited = rewardWaitStep(state, [pending], T0 + 10);
    const logged = waited.effects[0]!;
    expect(logged.kind === 'log-outcome' && logged.decision.reward).toBe(0.25);
  });
});
