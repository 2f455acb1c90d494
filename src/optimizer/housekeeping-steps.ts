import { audit, type LatestEvaluation, type Step, type TaskTypeState } from './task-type-state';

/** The outbox has failed for too long: an `outbox-stuck` event (it alerts). */
export function outboxStuckStep(
  s: TaskTypeState,
  status: { oldestAgeMs: number | null; lastError: string | null },
): Step<null> {
  const seconds = Math.round((status.oldestAgeMs ?? 0) / 1000);
  const reason = `decisions have not reached Postgres for ${seconds} s: ${status.lastError}`;
  return {
    reply: null,
    next: s,
    effects: [audit(s, { kind: 'outbox-stuck', actor: 'outbox', reason, details: { outbox: status } })],
  };
}

/** The latest offline evaluation, kept for the promotion gate and the status. */
export function evaluationRecordedStep(s: TaskTypeState, summary: LatestEvaluation): Step<null> {
  return { reply: null, next: { ...s, latestEvaluation: summary }, effects: [] };
}

/**
 * An archive, chained into the audit log before the object stops serving (API.md "Task types":
 * DELETE archives), so the log says who retired the task type and which incarnation ended.
 */
export function archiveStep(s: TaskTypeState, actor: string, incarnation: number): Step<null> {
  const details = { incarnation };
  return {
    reply: null,
    next: s,
    effects: [audit(s, { kind: ARCHIVED_EVENT, actor, reason: null, details })],
  };
}

/** Kind of the audit event an archive appends. */
export const ARCHIVED_EVENT = 'task-type-archived';
