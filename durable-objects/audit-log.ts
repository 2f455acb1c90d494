import { type AuditDraft, chainRecord } from '../src/storage/audit-chain-record';
import type { AuditEventRecord } from '../src/storage/audit-events';

// Kept for functions/routes/audit/get.ts until the edge imports it from src/storage directly.

/**
 * The task type's audit log in its Durable Object: a hash chain appended in order (hashing
 * is async, so appends are queued: two events never chain to the same predecessor), mirrored
 * to Postgres by the outbox.
 */
/** Created with the task type's other tables at its first PUT (durable-objects/sqlite-schema.ts). */
export const AUDIT_EVENTS_TABLE = `CREATE TABLE IF NOT EXISTS audit_events (
  seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, at_ms INTEGER NOT NULL, body TEXT NOT NULL,
  hash TEXT NOT NULL, flushed INTEGER NOT NULL DEFAULT 0)`;

export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: SqlStorage,
    private readonly taskType: () => string,
  ) {}

  append(draft: AuditDraft, atMs: number): Promise<AuditEventRecord> {
    const next = this.tail.then(() => this.appendNow(draft, atMs));
    this.tail = next.catch(() => {});
    return next;
  }

  private async appendNow(draft: AuditDraft, atMs: number): Promise<AuditEventRecord> {
    const last = this.sql
      .exec<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')
      .toArray()[0];
    const full = await chainRecord(draft, last ?? null, this.taskType(), `evt_${crypto.randomUUID()}`, atMs);
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
  list(limit: number): AuditEventRecord[] {
    return this.bodies('SELECT body FROM audit_events ORDER BY seq DESC LIMIT ?', limit);
  }

  all(): AuditEventRecord[] {
    return this.bodies('SELECT body FROM audit_events ORDER BY seq');
  }

  unflushed(limit: number): AuditEventRecord[] {
    return this.bodies('SELECT body FROM audit_events WHERE flushed = 0 ORDER BY seq LIMIT ?', limit);
  }

  markFlushed(events: AuditEventRecord[]): void {
    for (const e of events) this.sql.exec('UPDATE audit_events SET flushed = 1 WHERE seq = ?', e.seq);
  }

  /**
   * An event Postgres refuses as data: out of the way of the events after it (flushed = 2), kept
   * here; Postgres's copy of the chain then has a gap, which its verification reports.
   */
  setAside(event: AuditEventRecord): void {
    this.sql.exec('UPDATE audit_events SET flushed = 2 WHERE seq = ?', event.seq);
  }

  setAsideCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM audit_events WHERE flushed = 2').one().n;
  }

  pendingCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM audit_events WHERE flushed = 0').one().n;
  }

  private bodies(query: string, ...bindings: unknown[]): AuditEventRecord[] {
    return this.sql
      .exec<{ body: string }>(query, ...bindings)
      .toArray()
      .map((r) => JSON.parse(r.body) as AuditEventRecord);
  }
}
