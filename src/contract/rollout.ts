import { z } from 'zod';
import { Phase } from './decision-log';

export const RolloutAction = z.enum(['advance', 'rollback', 'pause', 'resume']);
export type RolloutAction = z.infer<typeof RolloutAction>;

/** `POST /v1/task-types/{taskType}/rollout` (API.md "Rollout"). */
export const RolloutRequest = z.strictObject({
  action: RolloutAction,
  /** why: required, it goes into the audit chain */
  reason: z.string().trim().min(1).max(1000),
});
export type RolloutRequest = z.infer<typeof RolloutRequest>;

/** The phase after a transition, with the audit event the transition wrote. */
export const RolloutResponse = z.looseObject({
  taskType: z.string(),
  phase: Phase,
  share: z.number(),
  frozen: z.boolean(),
  frozenReason: z.string().nullable().optional(),
  phaseStartedAt: z.string().optional(),
  previousPhase: Phase.nullable().optional(),
  event: z.looseObject({}).optional(),
});
export type RolloutResponse = z.infer<typeof RolloutResponse>;

/** `POST /v1/kill-switch` (ops): every task type serves its baseline while enabled. */
export const KillSwitchRequest = z.strictObject({
  enabled: z.boolean(),
  reason: z.string().trim().min(1).max(1000),
});

/** `GET /v1/kill-switch`, and the reply of `POST`. */
export const KillSwitchState = z.looseObject({
  enabled: z.boolean(),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  /** Unix ms of the last change */
  atMs: z.number().nullable(),
  /** the TUNELOOP_KILL_SWITCH=1 binding holds it on, whatever the stored state */
  forcedByEnvironment: z.boolean().optional(),
  /** POST: how soon every isolate serves accordingly */
  effectiveWithinMs: z.number().optional(),
});
export type KillSwitchState = z.infer<typeof KillSwitchState>;
