import type { Context, Served } from '../src/contract/decision-log';
import type { RecommendResponse } from '../src/contract/recommend';
import { redactPostgresError } from '../src/contract/redact';
import type { RecordedOutcome } from '../src/optimizer/merge-outcome';
import type { PendingDecision } from '../src/optimizer/record-outcome';
import type { Effect, Reservation } from '../src/optimizer/task-type-state';
import type { DecisionRecord } from '../src/storage/decision-records';

// The life of the task type that issues the decision, read in the same statement (export lines carry it).
const CURRENT_INCARNATION = 'COALESCE((SELECT number FROM incarnation WHERE id = 1), 1)';

// An expired decision stays a tombstone this long, so a late outcome is told 410, not 404.
const TOMBSTONE_MS = 30 * 86_400_000;

/** A decision as recommend logs it (the `log-decision` effect). */
export type NewDecision = Omit<Extract<Effect, { kind: 'log-decision' }>, 'kind'>;

export interface OutboxEntry {
  decisionId: string;
  rev: number;
  record: DecisionRecord;
}

/** The task type's decisions in SQLite: the log waiting for outcomes, and the outbox to Postgres. */
export class DecisionTable {
  constructor(private readonly sql: SqlStorage) {}

  insertDecision(d: NewDecision): void {
    const { record, reservation } = d;
    const r = record.response;
    // A request id may be reused once its decision expired; the old row lets go of it.
    if (record.requestId !== null)
      this.sql.exec('UPDATE decisions SET request_id = NULL WHERE request_id = ?', record.requestId);
    this.sql.exec(
      `INSERT INTO decisions (decision_id, request_id, unit_id, arm_id, issued_at_ms, expires_at_ms, response, context, outcome,
         reserved_tokens, reservation_expires_at_ms, encoded, served, config_version, incarnation)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ${CURRENT_INCARNATION})`,
      ...[r.decisionId, record.requestId, record.unitId, r.armId, record.issuedAtMs, d.expiresAtMs],
      ...[
        JSON.stringify(r),
        JSON.stringify(record.context),
        reservation?.tokens ?? 0,
        reservation?.expiresAtMs ?? null,
      ],
      ...[d.encoded ? JSON.stringify([...d.encoded]) : null, r.served, d.configVersion],
    );
  }

  /** Reservations not yet settled nor lapsed, oldest first (to rebuild the queue after a restart). */
  liveReservations(nowMs: number): Array<{ decisionId: string } & Reservation> {
    return this.sql
      .exec<{ decision_id: string; reserved_tokens: number; reservation_expires_at_ms: number }>(
        `SELECT decision_id, reserved_tokens, reservation_expires_at_ms FROM decisions
         WHERE reservation_expires_at_ms > ? ORDER BY reservation_expires_at_ms`,
        nowMs,
      )
      .toArray()
      .map((r) => ({
        decisionId: r.decision_id,
        tokens: r.reserved_tokens,
        expiresAtMs: r.reservation_expires_at_ms,
      }));
  }

  /** A new budget day: yesterday's reservations lapse with yesterday's counters. */
  clearReservations(): void {
    this.sql.exec(
      'UPDATE decisions SET reservation_expires_at_ms = NULL WHERE reservation_expires_at_ms IS NOT NULL',
    );
  }

  settleReservation(decisionId: string): void {
    this.sql.exec('UPDATE decisions SET reservation_expires_at_ms = NULL WHERE decision_id = ?', decisionId);
  }

  /** The decision an earlier request with this id got, while it lives. */
  findByRequestId(requestId: string, nowMs: number): RecommendResponse | null {
    const row = this.sql
      .exec<{ response: string }>(
        'SELECT response FROM decisions WHERE request_id = ? AND expired = 0 AND expires_at_ms >= ?',
        requestId,
        nowMs,
      )
      .toArray()[0];
    return row ? JSON.parse(row.response) : null;
  }

  /** A live decision, `'expired'` for a tombstone, or null for an id this task type never issued. */
  findPending(decisionId: string): PendingDecision | 'expired' | null {
    const row = this.sql
      .exec<PendingRow>(
        `SELECT arm_id, issued_at_ms, expires_at_ms, outcome, reward, expired, encoded, served, config_version,
           response FROM decisions WHERE decision_id = ?`,
        decisionId,
      )
      .toArray()[0];
    if (!row) return null;
    return row.expired ? 'expired' : pendingOf(decisionId, row);
  }

  /** Saves an outcome part and marks the decision for the outbox again. */
  updateOutcome(decision: PendingDecision): void {
    this.sql.exec(
      'UPDATE decisions SET outcome = ?, reward = ?, rev = rev + 1 WHERE decision_id = ?',
      JSON.stringify(decision.outcome),
      decision.reward,
      decision.decisionId,
    );
  }

  /** Live decisions without a reward issued before `issuedBeforeMs` (for the reward wait). */
  unrewardedBefore(issuedBeforeMs: number, limit: number): PendingDecision[] {
    const rows = this.sql.exec<{ decision_id: string }>(
      "SELECT decision_id FROM decisions WHERE expired = 0 AND reward IS NULL AND outcome != '{}' AND issued_at_ms < ? LIMIT ?",
      issuedBeforeMs,
      limit,
    );
    return [...rows]
      .map((r) => this.findPending(r.decision_id))
      .filter((d): d is PendingDecision => typeof d === 'object' && d !== null);
  }

  outboxBatch(limit: number): OutboxEntry[] {
    const rows = this.sql.exec<OutboxRow>(
      `SELECT decision_id, rev, request_id, unit_id, issued_at_ms, response, context, outcome, reward, incarnation
       FROM decisions WHERE rev > flushed_rev ORDER BY issued_at_ms LIMIT ?`,
      limit,
    );
    return [...rows].map(outboxEntryOf);
  }

  /**
   * Takes a decision Postgres refuses out of the outbox, with the reason: it no longer blocks
   * the log, but it stays (never expired, named by the status and the export) until Postgres
   * takes it — after a change of its own or a retry (`requeueSetAside`).
   */
  setAside(entry: OutboxEntry, error: string): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO set_aside (decision_id, at_ms, error) VALUES (?, ?, ?)',
      entry.decisionId,
      Date.now(),
      // without the rows' values (drizzle's `params:`, quoted literals): it may be shown
      redactPostgresError(error, 1000),
    );
    this.sql.exec('UPDATE decisions SET flushed_rev = ? WHERE decision_id = ?', entry.rev, entry.decisionId);
  }

  setAsideCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM set_aside').one().n;
  }

  /** Set-aside decisions issued in [sinceMs, untilMs), oldest first, at most `limit`: the ids and why. */
  setAsideIn(sinceMs: number, untilMs: number, limit: number): Array<{ decisionId: string; reason: string }> {
    return this.sql
      .exec<{ decision_id: string; error: string }>(
        `SELECT s.decision_id, s.error FROM set_aside s JOIN decisions d ON d.decision_id = s.decision_id
         WHERE d.issued_at_ms >= ? AND d.issued_at_ms < ? ORDER BY d.issued_at_ms LIMIT ?`,
        sinceMs,
        untilMs,
        limit,
      )
      .toArray()
      .map((r) => ({ decisionId: r.decision_id, reason: r.error }));
  }

  /** Puts every set-aside decision back in the outbox; how many. */
  requeueSetAside(): number {
    // rowsWritten would count index rows too
    const n = this.setAsideCount();
    this.sql.exec(
      'UPDATE decisions SET flushed_rev = 0 WHERE decision_id IN (SELECT decision_id FROM set_aside)',
    );
    return n;
  }

  /**
   * Marks what a flush wrote; a decision changed meanwhile keeps its higher rev and stays queued.
   * One Postgres took is no longer set aside.
   */
  markFlushed(entries: OutboxEntry[]): void {
    for (const e of entries) {
      this.sql.exec('UPDATE decisions SET flushed_rev = ? WHERE decision_id = ?', e.rev, e.decisionId);
      this.sql.exec('DELETE FROM set_aside WHERE decision_id = ?', e.decisionId);
    }
  }

  /** Decisions not yet in Postgres: how many, and the oldest issue time (Unix ms). */
  outboxLag(issuedBeforeMs = Number.MAX_SAFE_INTEGER): { pending: number; oldestIssuedAtMs: number | null } {
    const row = this.sql
      .exec<{ pending: number; oldest: number | null }>(
        'SELECT COUNT(*) AS pending, MIN(issued_at_ms) AS oldest FROM decisions WHERE rev > flushed_rev AND issued_at_ms < ?',
        issuedBeforeMs,
      )
      .one();
    return { pending: row.pending, oldestIssuedAtMs: row.oldest };
  }

  /**
   * Expires flushed decisions past their TTL into tombstones (only the id is kept) and
   * forgets tombstones after 30 days. Unflushed and set-aside ones wait: nothing leaves before
   * Postgres has it.
   */
  expire(nowMs: number): void {
    this.sql.exec(
      `UPDATE decisions SET expired = 1, response = NULL, context = NULL, outcome = NULL, request_id = NULL
       WHERE expired = 0 AND expires_at_ms < ? AND rev = flushed_rev
         AND decision_id NOT IN (SELECT decision_id FROM set_aside)`,
      nowMs,
    );
    this.sql.exec('DELETE FROM decisions WHERE expired = 1 AND expires_at_ms < ?', nowMs - TOMBSTONE_MS);
  }
}

type PendingRow = {
  arm_id: string;
  issued_at_ms: number;
  expires_at_ms: number;
  outcome: string | null;
  reward: number | null;
  expired: number;
  encoded: string | null;
  served: Served;
  config_version: number;
  response: string | null;
};

function pendingOf(decisionId: string, row: PendingRow): PendingDecision {
  return {
    decisionId,
    armId: row.arm_id,
    issuedAtMs: row.issued_at_ms,
    expiresAtMs: row.expires_at_ms,
    outcome: JSON.parse(row.outcome ?? '{}'),
    reward: row.reward,
    encoded: row.encoded ? JSON.parse(row.encoded) : null,
    served: row.served,
    configVersion: row.config_version,
    ...loggedServing(row.response),
  };
}

/** b and τ as the response logged them: promotion's evidence needs them with the reward. */
function loggedServing(response: string | null): Pick<PendingDecision, 'logged'> {
  const r = response ? (JSON.parse(response) as Partial<RecommendResponse>) : null;
  if (typeof r?.propensity !== 'number' || typeof r.share !== 'number') return {};
  return { logged: { propensity: r.propensity, share: r.share } };
}

type OutboxRow = {
  decision_id: string;
  rev: number;
  request_id: string | null;
  unit_id: string | null;
  issued_at_ms: number;
  response: string;
  context: string;
  outcome: string;
  reward: number | null;
  incarnation: number;
};

function outboxEntryOf(row: OutboxRow): OutboxEntry {
  return {
    decisionId: row.decision_id,
    rev: row.rev,
    record: {
      response: JSON.parse(row.response),
      issuedAtMs: row.issued_at_ms,
      context: JSON.parse(row.context) as Context,
      requestId: row.request_id,
      unitId: row.unit_id,
      outcome: JSON.parse(row.outcome) as RecordedOutcome,
      reward: row.reward,
      incarnation: row.incarnation,
    },
  };
}
