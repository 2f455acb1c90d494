import type { Env } from '../functions/env';
import { insertAuditEvents } from '../src/storage/audit-events';
import { upsertDecisionRecords } from '../src/storage/decision-records';
import { type Database, openDatabase } from '../src/storage/postgres';
import { isDataError } from '../src/storage/postgres-errors';
import { retryDelayMs } from '../src/storage/retry-backoff';
import type { AuditLog } from './audit-log';
import type { DecisionTable, OutboxEntry } from './decision-table';

const BATCH_SIZE = 500;
// Decisions wait for outcomes and reward waits; look at them again this often.
const HOUSEKEEPING_MS = 3_600_000;
/** Decisions older than this still not in Postgres raise the `outbox-stuck` alert. */
const STUCK_AFTER_MS = 5 * 60_000;

export interface OutboxStatus {
  pending: number;
  /** age of the oldest decision not yet in Postgres, ms */
  oldestAgeMs: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  /** decisions Postgres refused as data: kept in the object, never retried, never exported */
  setAside: number;
}

/**
 * Moves decisions from the Durable Object's SQLite outbox to Postgres in batches, by alarm,
 * retrying with backoff while Postgres is down. Nothing leaves the outbox until Postgres
 * has acknowledged it, and upserts by id make a repeated batch harmless.
 */
export class OutboxFlusher {
  private alarmAtMs: number | null = null;
  private consecutiveFailures = 0;
  private lastError: string | null = null;
  private inFlight: Promise<void> | null = null;
  private stuckReported = false;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly store: DecisionTable,
    private readonly audit: AuditLog,
    /** the task type's name, or null before its first config */
    private readonly taskType: () => string | null,
    /** called once per incident when the outbox has failed for longer than STUCK_AFTER_MS */
    private readonly onStuck: (status: OutboxStatus) => Promise<void>,
  ) {
    // After a restart the in-memory alarm time is gone; the stored alarm survives, but make sure.
    if (this.pending() > 0) this.schedule();
  }

  private delayMs(): number {
    return Number(this.env.OUTBOX_FLUSH_DELAY_MS ?? 250);
  }

  /** Asks for a flush soon; writes within the delay share one round trip. */
  schedule(): void {
    const atMs = Date.now() + this.delayMs();
    if (this.alarmAtMs !== null && this.alarmAtMs <= atMs) return;
    // While Postgres is failing the backoff decides when to try again, not the traffic.
    if (this.alarmAtMs !== null && this.consecutiveFailures > 0) return;
    this.alarmAtMs = atMs;
    void this.ctx.storage.setAlarm(atMs);
  }

  /** `otherDueMs`: when the object needs its alarm for something else (alerts), if sooner. */
  async onAlarm(nowMs: number, otherDueMs: number | null = null): Promise<void> {
    this.alarmAtMs = null;
    await this.flushNow();
    this.store.expire(nowMs);
    await this.reportStuck();
    const own =
      this.consecutiveFailures > 0
        ? Date.now() + retryDelayMs(this.consecutiveFailures, Math.random())
        : Date.now() + HOUSEKEEPING_MS;
    // A write during the flush may have asked for an earlier alarm: keep the earliest.
    const moreToFlush = this.consecutiveFailures === 0 && this.pending() > 0;
    const asked = [otherDueMs, this.alarmAtMs, moreToFlush ? Date.now() + this.delayMs() : null].filter(
      (t): t is number => t !== null,
    );
    const next = Math.max(Date.now() + 50, Math.min(own, ...asked));
    this.alarmAtMs = next;
    await this.ctx.storage.setAlarm(next);
    await this.report();
  }

  /** Raises the stuck alert once per incident; a successful flush ends the incident. */
  private async reportStuck(): Promise<void> {
    if (this.consecutiveFailures === 0) {
      this.stuckReported = false;
      return;
    }
    const status = this.status();
    if (this.stuckReported || (status.oldestAgeMs ?? 0) < STUCK_AFTER_MS) return;
    this.stuckReported = true;
    await this.onStuck(status);
  }

  /** One flush at a time: a caller arriving mid-flush waits for it, then flushes what is left. */
  async flushNow(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    this.inFlight = this.flushAll().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  status(): OutboxStatus {
    const lag = this.store.outboxLag();
    return {
      pending: lag.pending,
      oldestAgeMs: lag.oldestIssuedAtMs === null ? null : Date.now() - lag.oldestIssuedAtMs,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
      setAside: this.store.setAsideCount(),
    };
  }

  private pending(): number {
    return this.store.outboxLag().pending + this.audit.pendingCount();
  }

  private async flushAll(): Promise<void> {
    if (this.pending() === 0) return;
    if (!this.env.DATABASE_URL) {
      this.fail('DATABASE_URL is not configured');
      return;
    }
    const { db, close } = openDatabase(this.env);
    try {
      await this.flushDecisions(db);
      await this.flushAudit(db);
      this.consecutiveFailures = 0;
      this.lastError = null;
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    } finally {
      await close();
    }
  }

  private async flushDecisions(db: Database): Promise<void> {
    for (
      let batch = this.store.outboxBatch(BATCH_SIZE);
      batch.length > 0;
      batch = this.store.outboxBatch(BATCH_SIZE)
    ) {
      await this.writeDecisions(db, batch);
      if (batch.length < BATCH_SIZE) break;
    }
  }

  private async flushAudit(db: Database): Promise<void> {
    for (
      let events = this.audit.unflushed(BATCH_SIZE);
      events.length > 0;
      events = this.audit.unflushed(BATCH_SIZE)
    ) {
      await insertAuditEvents(db, events);
      this.audit.markFlushed(events);
    }
  }

  /**
   * Writes a batch; when Postgres refuses the data itself, bisects it so that the rows it
   * accepts go through and a row it never will is set aside (kept here, counted in the status)
   * instead of blocking the task type's log for good.
   */
  private async writeDecisions(db: Database, batch: OutboxEntry[]): Promise<void> {
    try {
      await upsertDecisionRecords(
        db,
        batch.map((e) => e.record),
      );
      this.store.markFlushed(batch);
    } catch (error) {
      if (!isDataError(error)) throw error;
      if (batch.length === 1) {
        this.store.setAside(batch[0]!, error instanceof Error ? error.message : String(error));
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await this.writeDecisions(db, batch.slice(0, half));
      await this.writeDecisions(db, batch.slice(half));
    }
  }

  private fail(message: string): void {
    this.consecutiveFailures += 1;
    this.lastError = message;
  }

  /** Tells the directory how far behind this task type's log is, for /health. */
  private async report(): Promise<void> {
    const taskType = this.taskType();
    if (taskType === null) return;
    try {
      await this.env.TASK_TYPE_DIRECTORY.getByName('global').reportOutbox(taskType, this.status());
    } catch {
      // Health reporting is best effort; the outbox itself is unaffected.
    }
  }
}
