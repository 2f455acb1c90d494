import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../functions/env';
import type { MetricsReport, OutboxLagReport } from '../src/metrics/metrics-report';
import type { GroupMemberReport, GroupReport } from '../src/sharing/group-report';
import type { GroupMemberShape } from '../src/sharing/group-violations';
import { groupMemberReports } from './group-members';
import type { OutboxStatus } from './outbox-flusher';

export interface KillSwitchState {
  enabled: boolean;
  reason: string | null;
  actor: string | null;
  /** Unix ms of the last change */
  atMs: number | null;
}

export interface OutboxReport extends OutboxStatus {
  taskType: string;
  /** Unix ms of the report */
  reportedAtMs: number;
}

/**
 * The one place that knows which task types exist (each lives in its own Durable Object,
 * which cannot be enumerated), and how far behind each one's outbox is, for /health.
 */
export class TaskTypeDirectory extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS task_types (name TEXT PRIMARY KEY, created_at_ms INTEGER NOT NULL, outbox TEXT);
      CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS metrics (name TEXT PRIMARY KEY, report TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS archived (name TEXT PRIMARY KEY, archived_at_ms INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS group_members (group_name TEXT NOT NULL, task_type TEXT NOT NULL,
        arms TEXT NOT NULL, reported_at_ms INTEGER NOT NULL, PRIMARY KEY (group_name, task_type));
      CREATE TABLE IF NOT EXISTS group_shapes (group_name TEXT NOT NULL, task_type TEXT NOT NULL,
        shape TEXT NOT NULL, PRIMARY KEY (group_name, task_type));
      CREATE TABLE IF NOT EXISTS group_linear (group_name TEXT NOT NULL, task_type TEXT NOT NULL,
        arms TEXT NOT NULL, PRIMARY KEY (group_name, task_type));
    `);
  }

  /** The deployment-wide kill switch: every task type serves its baseline while it is on. */
  async setKillSwitch(state: KillSwitchState): Promise<KillSwitchState> {
    this.ctx.storage.sql.exec(
      "INSERT OR REPLACE INTO settings (key, value) VALUES ('killSwitch', ?)",
      JSON.stringify(state),
    );
    return state;
  }

  async killSwitch(): Promise<KillSwitchState> {
    const row = this.ctx.storage.sql
      .exec<{ value: string }>("SELECT value FROM settings WHERE key = 'killSwitch'")
      .toArray()[0];
    return row ? JSON.parse(row.value) : { enabled: false, reason: null, actor: null, atMs: null };
  }

  async register(name: string): Promise<void> {
    // A PUT after an archive brings the task type back (a new incarnation).
    this.ctx.storage.sql.exec('DELETE FROM archived WHERE name = ?', name);
    this.ctx.storage.sql.exec(
      'INSERT OR IGNORE INTO task_types (name, created_at_ms) VALUES (?, ?)',
      name,
      Date.now(),
    );
  }

  async list(): Promise<string[]> {
    return this.ctx.storage.sql
      .exec<{ name: string }>(
        'SELECT name FROM task_types WHERE name NOT IN (SELECT name FROM archived) ORDER BY name',
      )
      .toArray()
      .map((r) => r.name);
  }

  async reportOutbox(taskType: string, status: OutboxStatus): Promise<void> {
    const report: OutboxReport = { ...status, taskType, reportedAtMs: Date.now() };
    this.ctx.storage.sql.exec(
      'UPDATE task_types SET outbox = ? WHERE name = ?',
      JSON.stringify(report),
      taskType,
    );
  }

  /**
   * A group member's push and pull in one round trip (API.md "groups"): keeps its report (arms'
   * live statistics keyed by shared arm key, its shape, a linear member's data parts) and answers
   * every member's, its own included (the member leaves itself out). Called from the member's
   * alarm, never on the hot path.
   */
  async shareGroupStats(group: string, taskType: string, report: GroupReport): Promise<GroupMemberReport[]> {
    const sql = this.ctx.storage.sql;
    sql.exec(
      'INSERT OR REPLACE INTO group_members (group_name, task_type, arms, reported_at_ms) VALUES (?, ?, ?, ?)',
      group,
      taskType,
      JSON.stringify(report.arms),
      Date.now(),
    );
    this.keepShape(group, taskType, report.shape);
    if (report.linear)
      sql.exec(
        'INSERT OR REPLACE INTO group_linear (group_name, task_type, arms) VALUES (?, ?, ?)',
        group,
        taskType,
        JSON.stringify(report.linear),
      );
    else sql.exec('DELETE FROM group_linear WHERE group_name = ? AND task_type = ?', group, taskType);
    return groupMemberReports(sql, group);
  }

  /**
   * The shapes of a group's members, for the config check (src/sharing/group-violations.ts). An
   * archived task type no longer holds its group to its features.
   */
  async groupShapes(group: string): Promise<GroupMemberShape[]> {
    return this.ctx.storage.sql
      .exec<{ task_type: string; shape: string }>(
        'SELECT task_type, shape FROM group_shapes WHERE group_name = ? AND task_type NOT IN (SELECT name FROM archived)',
        group,
      )
      .toArray()
      .map((r) => ({ taskType: r.task_type, shape: r.shape }));
  }

  /**
   * After a PUT: the task type is a member of `group` (null: of none) with this shape. Leaving a
   * group takes its shape and linear model out of it, so neither blocks nor feeds later members.
   */
  async recordGroupShape(taskType: string, group: string | null, shape: string): Promise<void> {
    const sql = this.ctx.storage.sql;
    for (const table of ['group_shapes', 'group_linear'])
      sql.exec(`DELETE FROM ${table} WHERE task_type = ? AND group_name IS NOT ?`, taskType, group);
    if (group !== null) this.keepShape(group, taskType, shape);
  }

  private keepShape(group: string, taskType: string, shape: string): void {
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO group_shapes (group_name, task_type, shape) VALUES (?, ?, ?)',
      group,
      taskType,
      shape,
    );
  }

  /** Outbox lag summed over task types, from their latest reports. */
  async outboxLag(): Promise<{
    pending: number;
    oldestAgeMs: number | null;
    failing: string[];
    setAside: number;
  }> {
    const reports = this.ctx.storage.sql
      .exec<{ outbox: string | null }>('SELECT outbox FROM task_types WHERE outbox IS NOT NULL')
      .toArray()
      .map((r) => JSON.parse(r.outbox!) as OutboxReport);
    const nowMs = Date.now();
    let oldestAgeMs: number | null = null;
    for (const r of reports) {
      if (r.oldestAgeMs === null) continue;
      const age = r.oldestAgeMs + (nowMs - r.reportedAtMs);
      oldestAgeMs = Math.max(oldestAgeMs ?? 0, age);
    }
    return {
      pending: reports.reduce((sum, r) => sum + r.pending, 0),
      oldestAgeMs,
      failing: reports.filter((r) => r.consecutiveFailures > 0).map((r) => r.taskType),
      setAside: reports.reduce((sum, r) => sum + (r.setAside ?? 0), 0),
    };
  }

  /** A task type's latest figures for `/metrics` (pushed by its object; never asked for per scrape). */
  async reportMetrics(report: MetricsReport): Promise<void> {
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO metrics (name, report) VALUES (?, ?)',
      report.taskType,
      JSON.stringify(report),
    );
  }

  /** Every task type's latest metrics report and outbox report, for one scrape. */
  async metricsReports(): Promise<{ reports: MetricsReport[]; outbox: OutboxLagReport[] }> {
    const sql = this.ctx.storage.sql;
    const reports = sql
      .exec<{ report: string }>('SELECT report FROM metrics WHERE name NOT IN (SELECT name FROM archived)')
      .toArray()
      .map((r) => JSON.parse(r.report) as MetricsReport);
    const outbox = sql
      .exec<{ outbox: string }>(
        'SELECT outbox FROM task_types WHERE outbox IS NOT NULL AND name NOT IN (SELECT name FROM archived)',
      )
      .toArray()
      .map((r) => {
        const o = JSON.parse(r.outbox) as OutboxReport;
        return { taskType: o.taskType, reportedAtMs: o.reportedAtMs, oldestAgeMs: o.oldestAgeMs };
      });
    return { reports, outbox };
  }

  /** Leaves an archived task type out of the list and the metrics (its object keeps its log). */
  async archive(name: string, atMs: number): Promise<void> {
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO archived (name, archived_at_ms) VALUES (?, ?)',
      name,
      atMs,
    );
  }

  async listArchived(): Promise<{ name: string; archivedAtMs: number }[]> {
    return this.ctx.storage.sql
      .exec<{ name: string; archived_at_ms: number }>(
        'SELECT name, archived_at_ms FROM archived ORDER BY name',
      )
      .toArray()
      .map((r) => ({ name: r.name, archivedAtMs: r.archived_at_ms }));
  }
}
