import type { Context, Phase, Served } from '../src/contract/decision-log';
import type { RecommendResponse } from '../src/contract/recommend';
import type { TaskTypeConfig } from '../src/contract/task-type';
import type { ArmStats } from '../src/optimizer/arm-stats';
import type { RecordedOutcome } from '../src/optimizer/merge-outcome';
import type { PolicyState } from '../src/optimizer/policy-state';
import type { PendingDecision } from '../src/optimizer/record-outcome';
import type { LinearState } from '../src/policies/linear-state';
import type { DecisionRecord } from '../src/storage/decision-records';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS arms (arm_id TEXT PRIMARY KEY, stats TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
  decision_id TEXT PRIMARY KEY,
  request_id TEXT UNIQUE,
  unit_id TEXT,
  arm_id TEXT NOT NULL,
  issued_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  response TEXT,
  context TEXT,
  outcome TEXT,
  reward REAL,
  expired INTEGER NOT NULL DEFAULT 0,
  rev INTEGER NOT NULL DEFAULT 1,
  flushed_rev INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS decisions_outbox ON decisions (issued_at_ms) WHERE rev > flushed_rev;
CREATE INDEX IF NOT EXISTS decisions_live ON decisions (expires_at_ms) WHERE expired = 0;
`;

/** Later changes to the schema above, applied once each, in order (meta `schemaVersion`). */
const MIGRATIONS = [
  // token budget: what recommend reserved, until the outcome settles it or it lapses
  `ALTER TABLE decisions ADD COLUMN reserved_tokens INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE decisions ADD COLUMN reservation_expires_at_ms INTEGER;
   CREATE INDEX IF NOT EXISTS decisions_reservations ON decisions (reservation_expires_at_ms) WHERE reservation_expires_at_ms IS NOT NULL;`,
  // contextual policies: the encoded context the outcome's update needs
  'ALTER TABLE decisions ADD COLUMN encoded TEXT;',
  // rollout: the cohort a decision fell in, for the SLO windows of its outcome
  "ALTER TABLE decisions ADD COLUMN served TEXT NOT NULL DEFAULT 'policy';",
  // pulls counted by one small UPDATE per recommend, not by rewriting the arm's statistics
  'CREATE TABLE IF NOT EXISTS arm_pulls (arm_id TEXT PRIMARY KEY, pulls INTEGER NOT NULL);',
  // the config version a decision was served under: outcomes of older params do not teach reset arms
  'ALTER TABLE decisions ADD COLUMN config_version INTEGER NOT NULL DEFAULT 0;',
  // decisions Postgres refused as data, set aside so they do not block the rest of the log
  'CREATE TABLE IF NOT EXISTS set_aside (decision_id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, error TEXT NOT NULL);',
];

// An expired decision stays a tombstone this long, so a late outcome is told 410, not 404.
const TOMBSTONE_MS = 30 * 86_400_000;

export interface Reservation {
  tokens: number;
  /** Unix ms */
  expiresAtMs: number;
}

export interface OutboxEntry {
  decisionId: string;
  rev: number;
  record: DecisionRecord;
}

/** The task type's SQLite storage: one place for its SQL, so the Durable Object reads as glue. */
export class TaskTypeStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    const applied = this.getMeta<number>('schemaVersion') ?? 0;
    MIGRATIONS.slice(applied).forEach((migration, i) => {
      sql.exec(migration);
      this.setMeta('schemaVersion', applied + i + 1);
    });
  }

  loadPolicyState(): PolicyState | null {
    const taskType = this.getMeta<string>('taskType');
    const config = this.getMeta<TaskTypeConfig>('config');
    if (taskType === null || config === null) return null;
    const arms: Record<string, ArmStats> = {};
    for (const row of this.sql.exec<{ arm_id: string; stats: string }>('SELECT arm_id, stats FROM arms')) {
      arms[row.arm_id] = JSON.parse(row.stats);
    }
    // arm_pulls is the pull counter of record; the copy inside the stats JSON may be older.
    for (const row of this.sql.exec<{ arm_id: string; pulls: number }>(
      'SELECT arm_id, pulls FROM arm_pulls',
    )) {
      const stats = arms[row.arm_id];
      if (stats) stats.pulls = row.pulls;
    }
    return {
      taskType,
      config,
      configVersion: this.getMeta<number>('configVersion') ?? 1,
      revision: this.getMeta<number>('revision') ?? 0,
      phase: this.getMeta<Phase>('phase') ?? 'shadow',
      arms,
      linear: this.getMeta<LinearState>('linearState'),
      armSince: this.getMeta<Record<string, number>>('armSince') ?? {},
    };
  }

  savePolicyState(state: PolicyState): void {
    this.setMeta('taskType', state.taskType);
    this.setMeta('config', state.config);
    this.setMeta('configVersion', state.configVersion);
    this.saveRevision(state.revision);
    this.setMeta('phase', state.phase);
    this.saveLinear(state.linear);
    this.setMeta('armSince', state.armSince);
    this.sql.exec('DELETE FROM arms');
    this.sql.exec('DELETE FROM arm_pulls');
    for (const [armId, stats] of Object.entries(state.arms)) this.saveArm(armId, stats);
  }

  saveLinear(linear: LinearState | null): void {
    this.setMeta('linearState', linear);
  }

  saveRevision(revision: number): void {
    this.setMeta('revision', revision);
  }

  saveArm(armId: string, stats: ArmStats): void {
    this.sql.exec('INSERT OR REPLACE INTO arms (arm_id, stats) VALUES (?, ?)', armId, JSON.stringify(stats));
    this.sql.exec('INSERT OR REPLACE INTO arm_pulls (arm_id, pulls) VALUES (?, ?)', armId, stats.pulls);
  }

  /** One more pull of an arm (recommend's hot path: a one-row update). */
  countPull(armId: string): void {
    this.sql.exec(
      'INSERT INTO arm_pulls (arm_id, pulls) VALUES (?, 1) ON CONFLICT (arm_id) DO UPDATE SET pulls = pulls + 1',
      armId,
    );
  }

  getMeta<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  setMeta(key: string, value: unknown): void {
    this.sql.exec('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, JSON.stringify(value));
  }

  insertDecision(
    record: DecisionRecord,
    expiresAtMs: number,
    reservation: Reservation | null,
    encoded: Float64Array | null,
    configVersion: number,
  ): void {
    const r = record.response;
    // A request id may be reused once its decision expired; the old row lets go of it.
    if (record.requestId !== null) {
      this.sql.exec('UPDATE decisions SET request_id = NULL WHERE request_id = ?', record.requestId);
    }
    this.sql.exec(
      `INSERT INTO decisions (decision_id, request_id, unit_id, arm_id, issued_at_ms, expires_at_ms, response, context, outcome,
         reserved_tokens, reservation_expires_at_ms, encoded, served, config_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)`,
      r.decisionId,
      record.requestId,
      record.unitId,
      r.armId,
      record.issuedAtMs,
      expiresAtMs,
      JSON.stringify(r),
      JSON.stringify(record.context),
      reservation?.tokens ?? 0,
      reservation?.expiresAtMs ?? null,
      encoded ? JSON.stringify([...encoded]) : null,
      r.served,
      configVersion,
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
      .exec<{
        arm_id: string;
        issued_at_ms: number;
        expires_at_ms: number;
        outcome: string | null;
        reward: number | null;
        expired: number;
        encoded: string | null;
        served: Served;
        config_version: number;
      }>(
        `SELECT arm_id, issued_at_ms, expires_at_ms, outcome, reward, expired, encoded, served, config_version
         FROM decisions WHERE decision_id = ?`,
        decisionId,
      )
      .toArray()[0];
    if (!row) return null;
    if (row.expired) return 'expired';
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
    };
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
    const rows = this.sql.exec<{
      decision_id: string;
      rev: number;
      request_id: string | null;
      unit_id: string | null;
      issued_at_ms: number;
      response: string;
      context: string;
      outcome: string;
      reward: number | null;
    }>(
      `SELECT decision_id, rev, request_id, unit_id, issued_at_ms, response, context, outcome, reward
       FROM decisions WHERE rev > flushed_rev ORDER BY issued_at_ms LIMIT ?`,
      limit,
    );
    return [...rows].map((row) => ({
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
      },
    }));
  }

  /** Takes a decision Postgres refuses out of the outbox, with the reason. */
  setAside(entry: OutboxEntry, error: string): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO set_aside (decision_id, at_ms, error) VALUES (?, ?, ?)',
      entry.decisionId,
      Date.now(),
      error.slice(0, 1000),
    );
    this.markFlushed([entry]);
  }

  setAsideCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM set_aside').one().n;
  }

  /** Marks what a flush wrote; a decision changed meanwhile keeps its higher rev and stays queued. */
  markFlushed(entries: OutboxEntry[]): void {
    for (const e of entries)
      this.sql.exec('UPDATE decisions SET flushed_rev = ? WHERE decision_id = ?', e.rev, e.decisionId);
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
   * forgets tombstones after 30 days. Unflushed ones wait: nothing leaves before Postgres has it.
   */
  expire(nowMs: number): void {
    this.sql.exec(
      `UPDATE decisions SET expired = 1, response = NULL, context = NULL, outcome = NULL, request_id = NULL
       WHERE expired = 0 AND expires_at_ms < ? AND rev = flushed_rev`,
      nowMs,
    );
    this.sql.exec('DELETE FROM decisions WHERE expired = 1 AND expires_at_ms < ?', nowMs - TOMBSTONE_MS);
  }
}
