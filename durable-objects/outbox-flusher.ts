import type { Env } from '../functions/env';
import { raceDeadline } from '../src/common/race-deadline';
import { redactPostgresError } from '../src/contract/redact';
import { type AuditEventRecord, insertAuditEvents } from '../src/storage/audit-events';
import { upsertDecisionRecords } from '../src/storage/decision-records';
import { type Database, openDatabase } from '../src/storage/postgres';
import { isDataError } from '../src/storage/postgres-errors';
import { retryDelayMs } from '../src/storage/retry-backoff';
import type { AuditLog } from './audit-log';
import type { DecisionTable, OutboxEntry } from './decision-table';

const BATCH_SIZE = 500;
// Decisions wait for outcomes and reward waits; look at them again this often.
const HOUSEKEEPING_MS = 3_600_000;
/**
 * How long one batch write may take before the flush counts as failed and backs off. Postgres
 * that never answers (a cut session, a lock held for good) must not hold the one flush in
 * flight, and with it every later flush and export, for ever.
 */
export const WRITE_WITHIN_MS = 10_000;
/** Decisions older than this still not in Postgres raise the `outbox-stuck` alert. */
const STUCK_AFTER_MS = 5 * 60_000;

export interface OutboxStatus {
  pending: number;
  /** age of the oldest decision not yet in Postgres, ms */
  oldestAgeMs: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  /** decisions Postgres refused as data: kept in the object until it takes them (retry endpoint) */
  setAside: number;
  /** the oldest of them (at most SET_ASIDE_LISTED), so ops can find and resolve them */
  setAsideIds: string[];
  /** audit events not yet in Postgres, and those it refused as data */
  audit: { pending: number; setAside: number; consecutiveFailures: number };
}

/** How many set-aside ids the status and the export name. */
export const SET_ASIDE_LISTED = 20;

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
  // The audit's own backoff: audit trouble never delays decisions.
  private auditFailures = 0;
  private auditRetryAtMs = 0;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly store: DecisionTable,
    private readonly audit: AuditLog,
    /** the task type's name, or null before its first config */
    private readonly taskType: () => string | null,
    /** called once per incident when the outbox has failed for longer than STUCK_AFTER_MS */
    private readonly onStuck: (status: OutboxStatus) => Promise<void>,
  ) {}

  /** At the start of an object that has tables: after a restart the in-memory alarm time is gone. */
  resume(): void {
    // The stored alarm survives, but make sure.
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
    const auditDue = this.auditRetryAtMs > 0 && this.audit.pendingCount() > 0 ? this.auditRetryAtMs : null;
    const asked = [
      otherDueMs,
      this.alarmAtMs,
      auditDue,
      moreToFlush ? Date.now() + this.delayMs() : null,
    ].filter((t): t is number => t !== null);
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
      setAsideIds: this.store
        .setAsideIn(0, Number.MAX_SAFE_INTEGER, SET_ASIDE_LISTED)
        .map((d) => d.decisionId),
      audit: {
        pending: this.audit.pendingCount(),
        setAside: this.audit.setAsideCount(),
        consecutiveFailures: this.auditFailures,
      },
    };
  }

  /** Sends the set-aside decisions to Postgres again (after a fix there); how many were retried. */
  async retrySetAside(): Promise<number> {
    const retried = this.store.requeueSetAside();
    if (retried > 0) await this.flushNow();
    return retried;
  }

  /** Rows a flush now would write: decisions, and audit events unless the audit is backing off. */
  private pending(nowMs = Date.now()): number {
    const audit = nowMs >= this.auditRetryAtMs ? this.audit.pendingCount() : 0;
    return this.store.outboxLag().pending + audit;
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
      this.consecutiveFailures = 0;
      this.lastError = null;
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
    try {
      if (Date.now() >= this.auditRetryAtMs) await this.flushAudit(db);
      this.auditFailures = 0;
      this.auditRetryAtMs = 0;
    } catch {
      this.auditFailures += 1;
      this.auditRetryAtMs = Date.now() + retryDelayMs(this.auditFailures, Math.random());
    } finally {
      await close();
    }
  }

  private async flushDecisions(db: Database): Promise<void> {
    // A short batch was the whole outbox: what arrived while it was written waits for the next flush.
    await drain(
      () => this.store.outboxBatch(BATCH_SIZE),
      (batch) => this.writeDecisions(db, batch),
      (batch) => batch.length < BATCH_SIZE,
    );
  }

  private async flushAudit(db: Database): Promise<void> {
    await drain(
      () => this.audit.unflushed(BATCH_SIZE),
      (events) => this.writeAudit(db, events),
      () => false,
    );
  }

  /** Writes audit events, bisecting a batch Postgres refuses as data like writeDecisions. */
  private writeAudit(db: Database, events: AuditEventRecord[]): Promise<void> {
    return writeBisecting(events, {
      write: (part) => insertAuditEvents(db, part),
      written: (part) => this.audit.markFlushed(part),
      refused: (event) => this.audit.setAside(event),
    });
  }

  /**
   * Writes a batch; when Postgres refuses the data itself, bisects it so that the rows it
   * accepts go through and a row it never will is set aside (kept here, counted in the status)
   * instead of blocking the task type's log for good.
   */
  private writeDecisions(db: Database, batch: OutboxEntry[]): Promise<void> {
    return writeBisecting(batch, {
      write: (part) =>
        upsertDecisionRecords(
          db,
          part.map((e) => e.record),
        ),
      written: (part) => this.store.markFlushed(part),
      refused: (entry, error) =>
        this.store.setAside(entry, error instanceof Error ? error.message : String(error)),
    });
  }

  /** The error is kept without the rows' values: it reaches the status, /health and alerts. */
  private fail(message: string): void {
    this.consecutiveFailures += 1;
    this.lastError = redactPostgresError(message);
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

/** A write Postgres has not answered in WRITE_WITHIN_MS fails the flush (not as data: it is retried). */
async function withinDeadline(write: Promise<void>): Promise<void> {
  const raced = await raceDeadline(write, WRITE_WITHIN_MS);
  if (!raced.done) throw new Error(`Postgres did not answer a write within ${WRITE_WITHIN_MS / 1000} s`);
}

/** Writes what `next` hands out, batch after batch, until it hands out none or `last` says stop. */
async function drain<T>(
  next: () => T[],
  write: (batch: T[]) => Promise<void>,
  last: (batch: T[]) => boolean,
): Promise<void> {
  for (let batch = next(); batch.length > 0; batch = next()) {
    await write(batch);
    if (last(batch)) return;
  }
}

/** Writes `batch` within the deadline; a batch Postgres refuses as data is halved until the refused rows stand alone. */
async function writeBisecting<T>(
  batch: T[],
  to: {
    write: (part: T[]) => Promise<void>;
    written: (part: T[]) => void;
    refused: (item: T, error: unknown) => void;
  },
): Promise<void> {
  try {
    await withinDeadline(to.write(batch));
    to.written(batch);
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (batch.length === 1) return to.refused(batch[0]!, error);
    const half = Math.ceil(batch.length / 2);
    await writeBisecting(batch.slice(0, half), to);
    await writeBisecting(batch.slice(half), to);
  }
}
