import { asc, eq } from 'drizzle-orm';
import { budgetWaivers, rolloutEvents } from '../../drizzle/schema';
import type { Waiver } from '../guards/token-budget';
import type { Database } from './postgres';

/** An audit event as the Durable Object chains it (durable-objects/audit-log.ts). */
export interface AuditEventRecord {
  eventId: string;
  taskType: string;
  seq: number;
  atMs: number;
  kind: string;
  actor: string;
  reason: string | null;
  configVersion: number;
  policyVersion: string;
  details: unknown;
  prevHash: string;
  hash: string;
}

/** Kind of the audit event that grants a budget waiver; mirrored to `budget_waivers` too. */
export const WAIVER_EVENT = 'budget-waiver';

/** Writes events (idempotent by id) and the waivers among them, in one transaction. */
export async function insertAuditEvents(db: Database, events: readonly AuditEventRecord[]): Promise<void> {
  if (events.length === 0) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(rolloutEvents)
      .values(events.map((e) => ({ ...e, at: new Date(e.atMs), details: e.details ?? {} })))
      .onConflictDoNothing({ target: rolloutEvents.eventId });
    const waivers = events.filter((e) => e.kind === WAIVER_EVENT);
    if (waivers.length === 0) return;
    await tx
      .insert(budgetWaivers)
      .values(
        waivers.map((e) => {
          const w = e.details as { waiver: Waiver };
          return {
            id: w.waiver.id,
            taskType: e.taskType,
            tokens: w.waiver.tokens,
            reason: w.waiver.reason,
            actor: w.waiver.actor,
            createdAt: new Date(w.waiver.createdAtMs),
            expiresAt: new Date(w.waiver.expiresAtMs),
          };
        }),
      )
      .onConflictDoNothing({ target: budgetWaivers.id });
  });
}

/** A task type's chain as Postgres holds it, in order (for verification). */
export async function listAuditEvents(db: Database, taskType: string): Promise<AuditEventRecord[]> {
  const rows = await db
    .select()
    .from(rolloutEvents)
    .where(eq(rolloutEvents.taskType, taskType))
    .orderBy(asc(rolloutEvents.seq));
  return rows.map(({ at, ...r }) => ({ ...r, atMs: at.getTime() }));
}
