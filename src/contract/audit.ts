import { z } from 'zod';

/**
 * One audit event as the API shows it: a rollout transition, config change, waiver or
 * breach, hash-chained. Loose: the object's own record may carry more.
 */
export const AuditEntry = z.looseObject({
  eventId: z.string(),
  /** position in the task type's chain, from 1 */
  seq: z.number().int(),
  /** Unix ms */
  atMs: z.number(),
  kind: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  configVersion: z.number().int().optional(),
  policyVersion: z.string().optional(),
  /** metrics snapshot and details of the event */
  details: z.unknown().optional(),
  prevHash: z.string().optional(),
  hash: z.string().optional(),
});
export const AuditList = z.looseObject({ events: z.array(AuditEntry) });

/** `GET …/audit?limit` */
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('1–1000, default 100'),
});

/** Whether each copy of the hash chain is intact: the object's and Postgres's (null: not checked). */
export const AuditVerification = z.looseObject({
  taskType: z.string(),
  ok: z.boolean(),
  durableObject: z.looseObject({ ok: z.boolean().nullable() }),
  postgres: z.looseObject({ ok: z.boolean().nullable() }),
});
