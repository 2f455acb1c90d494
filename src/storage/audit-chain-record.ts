import { appendEvent, GENESIS_HASH, type HashedAuditFields, verifyChain } from '../rollout/audit-chain';
import type { AuditEventRecord } from './audit-events';

/** What a step asks to append: the chain position, id, time and hashes are the log's to add. */
export type AuditDraft = Pick<
  AuditEventRecord,
  'kind' | 'actor' | 'reason' | 'configVersion' | 'policyVersion' | 'details'
>;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The link src/rollout/audit-chain.ts hashes: every field of ours, id and position included. */
export function hashedFieldsOf(e: Omit<AuditEventRecord, 'hash' | 'prevHash'>): HashedAuditFields {
  return {
    taskType: e.taskType,
    action: e.kind,
    actor: e.actor,
    reason: e.reason ?? '',
    atMs: e.atMs,
    configVersion: e.configVersion,
    policyVersion: e.policyVersion,
    details: { eventId: e.eventId, seq: e.seq, reasonGiven: e.reason !== null, details: e.details },
  };
}

/** Hashes the next record of a chain whose last record is `last` (null for the first). */
export async function chainRecord(
  draft: AuditDraft,
  last: { seq: number; hash: string } | null,
  taskType: string,
  eventId: string,
  atMs: number,
): Promise<AuditEventRecord> {
  const unhashed: Omit<AuditEventRecord, 'hash'> = {
    eventId,
    taskType,
    seq: (last?.seq ?? 0) + 1,
    atMs,
    ...draft,
    reason: draft.reason ?? null,
    details: JSON.parse(JSON.stringify(draft.details ?? {})),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const link = await appendEvent(unhashed.prevHash, hashedFieldsOf(unhashed), sha256Hex);
  return { ...unhashed, hash: link.hash };
}

/** Checks a chain in order: positions are consecutive, each event points at its predecessor and hashes to its hash. */
export async function verifyAuditChain(
  events: readonly AuditEventRecord[],
): Promise<{ ok: true; length: number } | { ok: false; brokenAt: number; eventId: string; problem: string }> {
  const missing = events.findIndex((e, i) => e.seq !== i + 1);
  const links = events.map((e) => ({ event: hashedFieldsOf(e), prevHash: e.prevHash, hash: e.hash }));
  const check = await verifyChain(links, sha256Hex);
  const brokenAt = Math.min(
    missing < 0 ? Number.POSITIVE_INFINITY : missing,
    check.ok ? Number.POSITIVE_INFINITY : check.brokenAt,
  );
  if (!Number.isFinite(brokenAt)) return { ok: true, length: events.length };
  const problem =
    brokenAt === missing
      ? `seq ${events[brokenAt]!.seq} where ${brokenAt + 1} was expected (an event is missing)`
      : !check.ok && check.reason === 'prev_hash_mismatch'
        ? 'prevHash does not match the previous event (removed or reordered)'
        : 'hash does not match the event (edited)';
  return { ok: false, brokenAt, eventId: events[brokenAt]!.eventId, problem };
}
