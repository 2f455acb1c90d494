import { describe, expect, it } from 'vitest';
import { type RecommendStepInput, recommendStep } from '../../../src/optimizer/recommend-step';
import type { TaskTypeState } from '../../../src/optimizer/task-type-state';
import { configOf, counterRandom, created, deepFreeze, T0 } from './fixture';

const request = { taskType: 'summarize', context: {}, seed: 1 };
const input: RecommendStepInput = { request, killSwitch: false, earlier: null, reservedTokens: 0 };
const step = (s: TaskTypeState, overrides: Partial<RecommendStepInput> = {}, nowMs = T0) =>
  recommendStep(s, { ...input, ...overrides }, nowMs, counterRandom());

describe('recommend step', () => {
  it('answers a repeated request id with the earlier decision and changes nothing', () => {
    const s = created();
    const first = step(s);
    const again = step(first.next, { earlier: first.reply });
    expect(again).toEqual({ reply: first.reply, next: first.next, effects: [] });
  });

  it('counts the pull, logs the decision with its reservation and asks for an outbox flush, without touching its input', () => {
    const s = deepFreeze(created());
    const { reply, next, effects } = step(s);
    expect(next.policy.arms[reply.armId]?.pulls).toBe(1);
    expect(effects.map((e) => e.kind)).toEqual(['log-decision', 'flush-outbox']);
    expect(effects[0]).toMatchObject({
      reservation: { tokens: 100, expiresAtMs: T0 + s.policy.config.budget.reservationTtlMs },
    });
  });

  it('logs the phase of the rollout state with the decision', () => {
    const s = created(configOf({ rollout: { phase: 'canary' } }));
    expect(step(s).reply.phase).toBe('canary');
  });

  it('serves only the baseline while the kill switch is on', () => {
    const s = created(configOf({ rollout: { phase: 'general' } }));
    const r = step(s, { killSwitch: true }).reply;
    expect([r.armId, r.share, r.propensity]).toEqual(['base', 0, 1]);
  });

  it('warns once a day when reservations reach 80 % of the budget, then serves the baseline when it is used up', () => {
    const s = created(
      configOf({ budget: { dailyTokens: 1000, reservationTtlMs: 60_000 }, rollout: { phase: 'general' } }),
    );
    const warned = step(s, { reservedTokens: 750 });
    expect(warned.reply.budget.state).toBe('warning');
    expect(
      warned.effects.filter((e) => e.kind === 'audit').map((e) => e.kind === 'audit' && e.event.kind),
    ).toEqual(['budget-warning']);
    const quiet = step(warned.next, { reservedTokens: 760 });
    expect(quiet.effects.some((e) => e.kind === 'audit')).toBe(false);
    const exhausted = step(quiet.next, { reservedTokens: 1000 });
    expect([exhausted.reply.armId, exhausted.reply.share, exhausted.reply.budget.state]).toEqual([
      'base',
      0,
      'exhausted',
    ]);
  });

  it('starts a new budget day from zero and clears yesterday’s reservations', () => {
    const s = created();
    const tomorrow = step(s, { reservedTokens: 500 }, T0 + 86_400_000);
    expect(tomorrow.effects[0]).toEqual({ kind: 'clear-reservations' });
    expect(tomorrow.next.budget.ledger.day).toBe('2026-12-04');
  });

  it('reuses the posterior draws of the same revision instead of drawing again', () => {
    const s = created();
    const first = step(s);
    const second = step(first.next, {}, T0 + 5_000);
    expect(second.next.memory.draws).toBe(first.next.memory.draws);
  });

  it('counts context keys the config does not declare', () => {
    const s = created();
    const { next } = step(s, { request: { ...request, context: { region: 'eu' } } });
    expect(next.unknownFeatures).toEqual({ region: 1 });
  });
});
