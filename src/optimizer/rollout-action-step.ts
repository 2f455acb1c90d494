import type { AnytimeJudgment } from '../rollout/anytime-guard';
import { sloSummary } from '../rollout/slo-summary';
import { windowView } from '../rollout/slo-window';
import { guardCheck } from './guard-steps';
import { applyRolloutEvent, describeRollout, driftCheck, promotionCheck } from './rollout-steps';
import type { Effect, Step, TaskTypeState } from './task-type-state';

export type RolloutAction = 'advance' | 'rollback' | 'pause' | 'resume';

/** The answer to an ops action; the object adds the audit event it appended (`event`). */
export type RolloutActionReply =
  | { ok: true; rollout: ReturnType<typeof describeRollout> }
  | { ok: false; reason: 'refused'; message: string; phase: string };

/** `POST …/rollout`: advance, rollback, pause or resume by ops. */
export function rolloutActionStep(
  s: TaskTypeState,
  input: { action: RolloutAction; reason: string; actor: string },
  nowMs: number,
): Step<RolloutActionReply> {
  const { action, reason, actor } = input;
  const { next, effects, result } = applyRolloutEvent(s, { kind: action, actor, reason }, nowMs);
  if (!result.ok) return { reply: { ok: false, reason: 'refused', ...pick(result) }, next, effects };
  return { reply: { ok: true, rollout: describeRollout(next) }, next, effects };
}

const pick = (r: { message: string; phase: string }) => ({ message: r.message, phase: r.phase });

/**
 * The SLO sweep (cron, every minute): re-check the guard, freeze on drift, then promote when
 * the gate allows. Replies with the figures the sweep writes to `slo_metrics`.
 */
export function sweepStep(s: TaskTypeState, nowMs: number) {
  const effects: Effect[] = [];
  let next = s;
  let judgment: AnytimeJudgment | null = null;
  if (s.rollout.phase !== 'shadow') {
    const checked = guardCheck(next, nowMs);
    ({ next, judgment } = checked);
    effects.push(...checked.effects);
  }
  const drift = driftCheck(next);
  next = { ...next, memory: { ...next.memory, lastDrift: drift } };
  if (drift?.verdict === 'drift' && next.rollout.frozenReason !== 'drift') {
    const frozen = applyRolloutEvent(
      next,
      { kind: 'drift', actor: 'drift-detector', reason: drift.reason, details: drift },
      nowMs,
    );
    next = frozen.next;
    effects.push(...frozen.effects);
  }
  const promotion = promotionCheck(next, nowMs, judgment);
  let promoted = false;
  if (promotion.promote) {
    const event = {
      kind: 'auto-promote',
      actor: 'promotion-gate',
      reason: promotion.reason,
      details: promotion,
    } as const;
    const applied = applyRolloutEvent(next, event, nowMs);
    ({ next } = applied);
    effects.push(...applied.effects);
    promoted = applied.result.ok;
  }
  const reply = {
    taskType: next.policy.taskType,
    phase: next.rollout.phase,
    verdict: judgment?.verdict ?? 'not-checked',
    judgment,
    slo: sloSummary(windowView(next.sloWindow, nowMs)),
    promotion,
    drift,
    promoted,
  };
  return { reply, next, effects } satisfies Step<unknown>;
}
