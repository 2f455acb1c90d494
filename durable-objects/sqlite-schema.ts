import { META } from '../src/storage/meta-keys';
import { ALERTS_TABLE } from './alert-queue';
import { AUDIT_EVENTS_TABLE } from './audit-log';
import { INCARNATION_TABLE } from './incarnation-table';
import { MetaTable } from './meta-table';
import { METRIC_COUNTS_TABLE } from './metrics-counters';
import { TIME_SERIES_TABLE } from './time-series-table';

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
  // archive: which life of the task type issued a decision (rows before it were all the first)
  'ALTER TABLE decisions ADD COLUMN incarnation INTEGER NOT NULL DEFAULT 1;',
];

/**
 * Whether this object was ever configured: its tables exist. Reads only, so an object asked
 * about a task type that does not exist (recommend, GET, a forged decision id) writes nothing.
 */
export function hasTables(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
}

/**
 * Creates the task type's tables and applies the migrations it has not seen yet: at the first
 * PUT, and at every start of an object that has tables.
 */
export function migrate(sql: SqlStorage): void {
  sql.exec(SCHEMA);
  sql.exec(AUDIT_EVENTS_TABLE);
  sql.exec(METRIC_COUNTS_TABLE);
  sql.exec(INCARNATION_TABLE);
  sql.exec(ALERTS_TABLE);
  sql.exec(TIME_SERIES_TABLE);
  const meta = new MetaTable(sql);
  const applied = meta.read(META.schemaVersion) ?? 0;
  MIGRATIONS.slice(applied).forEach((migration, i) => {
    sql.exec(migration);
    meta.write(META.schemaVersion, applied + i + 1);
  });
}
