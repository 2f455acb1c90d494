import { canonicalJson } from '../src/bandit/fingerprint';

/** One audit event as stored and exported (`rollout_events`). */
export interface AuditEvent {
  eventId: string;
  taskType: string;
  /** position in the task type's chain, from 1 */
  seq: number;
  /** Unix ms */
  atMs: number;
  kind: string;
  actor: string;
  reason: string | null;
  configVersion: number;
  policyVersion: string;
  /** metrics snapshot and event details */
  details: unknown;
  prevHash: string;
  hash: string;
}

export type NewAuditEvent = Pick<
  AuditEvent,
  'kind' | 'actor' | 'reason' | 'configVersion' | 'policyVersion' | 'details'
>;

export const GENESIS_HASH = '0'.repeat(64);

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash of an event: SHA-256 over its canonical JSON (every field but `hash`), prevHash included. */
export function hashEvent(event: Omit<AuditEvent, 'hash'>): Promise<string> {
  return sha256Hex(canonicalJson(event));
}

/** Checks a chain in order: each hash recomputes and each event points at its predecessor. */
export async function verifyChain(
  events: readonly AuditEvent[],
): Promise<{ ok: true; length: number } | { ok: false; brokenAt: number; eventId: string; problem: string }> {
  let prev = GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    const { hash, ...rest } = event;
    if (event.seq !== i + 1)
      return {
        ok: false,
        brokenAt: i,
        eventId: event.eventId,
        problem: `seq ${event.seq} where ${i + 1} was expected (an event is missing)`,
      };
    if (event.prevHash !== prev)
      return {
        ok: false,
        brokenAt: i,
        eventId: event.eventId,
        problem: 'prevHash does not match the previous event',
      };
    if ((await hashEvent(rest)) !== hash)
      return {
        ok: false,
        brokenAt: i,
        eventId: event.eventId,
        problem: 'hash does not match the event (edited)',
      };
    prev = hash;
  }
  return { ok: true, length: events.length };
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
    const full: AuditEvent = { ...unhashed, hash: await hashEvent(unhashed) };
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
