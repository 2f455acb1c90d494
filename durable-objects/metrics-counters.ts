import type { Env } from '../functions/env';
import type { Served } from '../src/contract/decision-log';
import {
  armCostUsd,
  budgetUsedRatio,
  type MetricsReport,
  type RecommendationCount,
} from '../src/metrics/metrics-report';

/**
 * The object's running totals for `/metrics`, kept in its SQLite so they survive eviction
 * (a counter that restarted with every eviction would read as spurious resets). One upsert per
 * answered request, in the same storage transaction as the decision it counts.
 */
export const METRIC_COUNTS_TABLE = `CREATE TABLE IF NOT EXISTS metric_counts (
  name TEXT NOT NULL, arm TEXT NOT NULL, served TEXT NOT NULL, value INTEGER NOT NULL,
  PRIMARY KEY (name, arm, served))`;

/** Its table is made by migrate() at the first PUT, like every table of the object. */
export class MetricsCounters {
  constructor(private readonly sql: SqlStorage) {}

  countRecommendation(armId: string, served: Served): void {
    this.add('recommendations', armId, served);
  }

  countOutcome(): void {
    this.add('outcomes', '', '');
  }

  recommendations(): RecommendationCount[] {
    return this.sql
      .exec<{ arm: string; served: string; value: number }>(
        "SELECT arm, served, value FROM metric_counts WHERE name = 'recommendations'",
      )
      .toArray()
      .map((r) => ({ armId: r.arm, served: r.served as Served, count: r.value }));
  }

  outcomes(): number {
    const row = this.sql
      .exec<{ value: number }>("SELECT value FROM metric_counts WHERE name = 'outcomes'")
      .toArray()[0];
    return row?.value ?? 0;
  }

  /** Starts the totals afresh (a new incarnation of an archived task type). */
  reset(): void {
    this.sql.exec('DELETE FROM metric_counts');
  }

  private add(name: string, arm: string, served: string): void {
    this.sql.exec(
      `INSERT INTO metric_counts (name, arm, served, value) VALUES (?, ?, ?, 1)
       ON CONFLICT (name, arm, served) DO UPDATE SET value = value + 1`,
      name,
      arm,
      served,
    );
  }
}

/** The status fields a metrics report reads (cost fields are read when the status has them). */
interface StatusForMetrics {
  taskType: string;
  phase: MetricsReport['phase'];
  arms: { armId: string }[];
  budget: { limitTokens: number | null; spentTokens: number; reservedTokens: number };
}

/** The report an object pushes to the directory: its status figures and its running totals. */
export function metricsReportOf(
  status: StatusForMetrics,
  counters: MetricsCounters,
  nowMs: number,
): MetricsReport {
  return {
    taskType: status.taskType,
    reportedAtMs: nowMs,
    phase: status.phase,
    recommendations: counters.recommendations(),
    outcomes: counters.outcomes(),
    costUsdByArm: Object.fromEntries(
      status.arms.map((a) => [a.armId, armCostUsd(a as unknown as Record<string, unknown>)]),
    ),
    budgetUsedRatio: budgetUsedRatio(status.budget),
  };
}

/** Sends the object's report to the directory, which `/metrics` reads (best effort: a scrape may lag). */
export async function pushMetricsReport(
  env: Env,
  status: Parameters<typeof metricsReportOf>[0] | null,
  counters: MetricsCounters,
): Promise<void> {
  if (!status) return;
  const report = metricsReportOf(status, counters, Date.now());
  await env.TASK_TYPE_DIRECTORY.getByName('global')
    .reportMetrics(report)
    .catch(() => undefined);
}
