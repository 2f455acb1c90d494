import {
  appendEvent,
  type AuditEvent as ChainAuditEvent,
  GENESIS_HASH,
  verifyChain,
} from '../src/rollout/audit-chain';
import type { AuditEventRecord } from '../src/storage/audit-events';

/** One audit event as stored and exported (`rollout_events`). */
export type AuditEvent = AuditEventRecord;

export type NewAuditEvent = Pick<
  AuditEvent,
  'kind' | 'actor' | 'reason' | 'configVersion' | 'policyVersion' | 'details'
>;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The link src/rollout/audit-chain.ts hashes: every field of ours, id and position included. */
function chainEventOf(e: Omit<AuditEvent, 'hash' | 'prevHash'>): ChainAuditEvent {
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

/** Checks a chain in order: positions are consecutive, each event points at its predecessor and hashes to its hash. */
export async function verifyAuditChain(
  events: readonly AuditEvent[],
): Promise<{ ok: true; length: number } | { ok: false; brokenAt: number; eventId: string; problem: string }> {
  const missing = events.findIndex((e, i) => e.seq !== i + 1);
  const links = events.map((e) => ({ event: chainEventOf(e), prevHash: e.prevHash, hash: e.hash }));
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

/**
 * The task type's audit log in its Durable Object: a hash chain appended in order (hashing
 * is async, so appends are queued: two events never chain to the same predecessor), mirrored
 * to Postgres by the outbox.
 */
export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: SqlStorage,
    private readonly taskType: () => string,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS audit_events (
      seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, at_ms INTEGER NOT NULL, body TEXT NOT NULL,
      hash TEXT NOT NULL, flushed INTEGER NOT NULL DEFAULT 0)`);
  }

  append(event: NewAuditEvent, atMs: number): Promise<AuditEvent> {
    const next = this.tail.then(() => this.appendNow(event, atMs));
    this.tail = next.catch(() => {});
    return next;
  }

  private async appendNow(event: NewAuditEvent, atMs: number): Promise<AuditEvent> {
    const last = this.sql
      .exec<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')
      .toArray()[0];
    const unhashed: Omit<AuditEvent, 'hash'> = {
      eventId: `evt_${crypto.randomUUID()}`,
      taskType: this.taskType(),
      seq: (last?.seq ?? 0) + 1,
      atMs,
      ...event,
      reason: event.reason ?? null,
      details: JSON.parse(JSON.stringify(event.details ?? {})),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const link = await appendEvent(unhashed.prevHash, chainEventOf(unhashed), sha256Hex);
    const full: AuditEvent = { ...unhashed, hash: link.hash };
    this.sql.exec(
      'INSERT INTO audit_events (seq, event_id, at_ms, body, hash) VALUES (?, ?, ?, ?, ?)',
      full.seq,
      full.eventId,
      full.atMs,
      JSON.stringify(full),
      full.hash,
    );
    return full;
  }

  /** Newest first. */
  list(limit: number): AuditEvent[] {
    return this.sql
      .exec<{ body: string }>('SELECT body FROM audit_events ORDER BY seq DESC LIMIT ?', limit)
      .toArray()
      .map((r) => JSON.parse(r.body));
  }

  all(): AuditEvent[] {
    return this.sql
      .exec<{ body: string }>('SELECT body FROM audit_events ORDER BY seq')
      .toArray()
      .map((r) => JSON.parse(r.body));
  }

  unflushed(limit: number): AuditEvent[] {
    return this.sql
      .exec<{ body: string }>('SELECT body FROM audit_events WHERE flushed = 0 ORDER BY seq LIMIT ?', limit)
      .toArray()
      .map((r) => JSON.parse(r.body));
  }

  markFlushed(events: AuditEvent[]): void {
    for (const e of events) this.sql.exec('UPDATE audit_events SET flushed = 1 WHERE seq = ?', e.seq);
  }

  pendingCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM audit_events WHERE flushed = 0').one().n;
  }
}
