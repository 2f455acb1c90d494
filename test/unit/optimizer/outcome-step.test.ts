import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/contract/outcome';
import { configStep } from '../../../src/optimizer/config-step';
import { outcomeStep, rewardWaitStep } from '../../../src/optimizer/outcome-step';
import type { PendingDecision } from '../../../src/optimizer/record-outcome';
import type { TaskTypeState } from '../../../src/optimizer/task-type-state';
import { configOf, created, pendingDecision as decision, deepFreeze, T0 } from './fixture';

const step = (
  s: TaskTypeState,
  outcome: Omit<Outcome, 'decisionId'>,
  pending: PendingDecision | 'expired' | null = decision(),
) => outcomeStep(s, { outcome: { decisionId: 'd1', ...outcome }, pending, reservedTokens: 0 }, T0 + 1000);

describe('outcome step', () => {
  it('answers not_found and expired without changing anything', () => {
    const s = created();
    expect(step(s, { quality: 1 }, null)).toEqual({
      reply: { decisionId: 'd1', status: 'not_found' },
      next: s,
      effects: [],
    });
    expect(step(s, { quality: 1 }, 'expired').reply.status).toBe('expired');
  });

  it('teaches the posterior once the reward is complete: one more revision, one more reward on the arm', () => {
    const s = deepFreeze(created());
    const { reply, next, effects } = step(s, { quality: 0.8, success: true });
    expect(reply.status).toBe('recorded');
    expect(next.policy.revision).toBe(s.policy.revision + 1);
    expect(next.policy.arms.warm?.reward.n).toBe(1);
    expect(next.policy.arms.warm?.reward.mean).toBe(reply.reward);
    expect(effects[0]).toMatchObject({ kind: 'log-outcome', decision: { reward: reply.reward } });
  });

  it('settles the decision’s reservation against the tokens it spent', () => {
    const { next, effects } = step(created(), { promptTokens: 30, completionTokens: 12 });
    expect(next.budget.ledger.spentTokens).toBe(42);
    expect(effects).toContainEqual({ kind: 'settle-reservation', decisionId: 'd1' });
  });

  it('does not teach an arm whose params changed after the decision was served', () => {
    const s = created();
    const changed = configOf({
      arms: [
        { id: 'base', params: { model: 'm', temperature: 0.7, maxTokens: 100 } },
        { id: 'warm', params: { model: 'm', temperature: 1.1, maxTokens: 100 } },
      ],
    });
    const after = configStep(
      s,
      { taskType: 'summarize', config: changed, ifMatchVersion: null, actor: 't' },
      T0,
    ).next!;
    const { reply, next } = step(after, { quality: 0.8 });
    expect(reply.status).toBe('recorded');
    expect(next.policy.arms.warm).toBeUndefined();
    expect(next.policy.revision).toBe(after.policy.revision);
  });

  it('feeds the SLO window of the decision’s cohort', () => {
    const { next } = step(created(), { latencyMs: 250 });
    expect(next.sloWindow.buckets.at(-1)?.treated.latency.count).toBe(1);
  });

  it('scores decisions that waited past the reward wait with the default quality', () => {
    const s = created(configOf({ reward: { defaultQuality: 0.5, rewardWaitMs: 1000 } }));
    const waiting = [decision({ outcome: { latencyMs: 100 } }), decision({ decisionId: 'd2', outcome: {} })];
    const { reply, next, effects } = rewardWaitStep(s, waiting, T0 + 1000);
    expect(reply).toBe(1);
    expect(effects).toHaveLength(1);
    expect(next.policy.arms.warm?.reward.n).toBe(1);
  });
});
