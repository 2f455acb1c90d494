import { parseDecisionId } from '../src/contract/decision-id-tag';

/** Whether the task type is archived, and which life of it this is (API.md: archive and re-create). */
export interface Incarnation {
  /** 1 for the first config; each PUT after an archive starts the next */
  number: number;
  /** Unix ms the incarnation began (decisions issued before it belong to an earlier one) */
  startedAtMs: number;
  /** Unix ms of the archive, or null while live */
  archivedAtMs: number | null;
}

/**
 * The object's incarnation record, kept apart from the task type's state so that archiving
 * touches nothing the learning steps read, and the archived state stays readable for export.
 */
/** Before any archive: the first life, from the beginning of time. */
export const FIRST_INCARNATION: Incarnation = { number: 1, startedAtMs: 0, archivedAtMs: null };

export const INCARNATION_TABLE = `CREATE TABLE IF NOT EXISTS incarnation (
  id INTEGER PRIMARY KEY CHECK (id = 1), number INTEGER NOT NULL, started_at_ms INTEGER NOT NULL,
  archived_at_ms INTEGER)`;

/** Its table is made by migrate() at the first PUT; before that there is no incarnation to read. */
export class IncarnationTable {
  constructor(private readonly sql: SqlStorage) {}

  current(): Incarnation {
    const row = this.sql
      .exec<{ number: number; started_at_ms: number; archived_at_ms: number | null }>(
        'SELECT number, started_at_ms, archived_at_ms FROM incarnation WHERE id = 1',
      )
      .toArray()[0];
    return row
      ? { number: row.number, startedAtMs: row.started_at_ms, archivedAtMs: row.archived_at_ms }
      : FIRST_INCARNATION;
  }

  isArchived(): boolean {
    return this.current().archivedAtMs !== null;
  }

  /** Outcomes for an archived task type, or for a decision issued before this incarnation, are 410. */
  outlived(decisionId: string): boolean {
    const life = this.current();
    if (life.archivedAtMs !== null) return true;
    const issuedAtMs = parseDecisionId(decisionId)?.issuedAtMs ?? null;
    return issuedAtMs !== null && issuedAtMs < life.startedAtMs;
  }

  archive(nowMs: number): Incarnation {
    const next = { ...this.current(), archivedAtMs: nowMs };
    this.write(next);
    return next;
  }

  /** Starts the next incarnation (a PUT after an archive). */
  begin(nowMs: number): Incarnation {
    const next = { number: this.current().number + 1, startedAtMs: nowMs, archivedAtMs: null };
    this.write(next);
    return next;
  }

  private write(i: Incarnation): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO incarnation (id, number, started_at_ms, archived_at_ms) VALUES (1, ?, ?, ?)',
      i.number,
      i.startedAtMs,
      i.archivedAtMs,
    );
  }
}
