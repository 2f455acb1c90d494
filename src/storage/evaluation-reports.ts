import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { decisions, evaluationReports } from '../../drizzle/schema';
import type { DecisionLogLine } from '../contract/decision-log';
import { type ExportCursor, type ExportWindow, exportPage } from './decision-export';
import type { Database } from './postgres';

export type EvaluationReportRow = typeof evaluationReports.$inferSelect;

/**
 * Reads the NEWEST `maxRows` decisions of a window, in logged order (oldest of them first: the
 * off-policy sequences need the order the propensities were logged in). Issue 10, item 2: the
 * first release paged from the window's start and stopped at `maxRows`, so past that many rows
 * the hourly gate kept judging the oldest, stale data.
 */
export async function readDecisionWindow(
  db: Database,
  window: ExportWindow,
  maxRows: number,
): Promise<DecisionLogLine[]> {
  const lines: DecisionLogLine[] = [];
  let cursor: ExportCursor | null = await newestStart(db, window, maxRows);
  do {
    const page = await exportPage(db, window, cursor, Math.min(5000, maxRows - lines.length));
    lines.push(...page.lines);
    cursor = page.next;
  } while (cursor && lines.length < maxRows);
  return lines;
}

/** The row just before the newest `maxRows` of the window (an exclusive cursor), or null when they all fit. */
async function newestStart(
  db: Database,
  window: ExportWindow,
  maxRows: number,
): Promise<ExportCursor | null> {
  const [row] = await db
    .select({ timestamp: decisions.timestamp, decisionId: decisions.decisionId })
    .from(decisions)
    .where(
      and(
        eq(decisions.taskType, window.taskType),
        gte(decisions.timestamp, new Date(window.sinceMs)),
        lt(decisions.timestamp, new Date(window.untilMs)),
      ),
    )
    .orderBy(desc(decisions.timestamp), desc(decisions.decisionId))
    .offset(maxRows)
    .limit(1);
  return row ?? null;
}

export async function insertEvaluationReport(
  db: Database,
  row: typeof evaluationReports.$inferInsert,
): Promise<void> {
  await db.insert(evaluationReports).values(row);
}

export async function listEvaluationReports(
  db: Database,
  taskType: string,
  limit: number,
): Promise<EvaluationReportRow[]> {
  return db
    .select()
    .from(evaluationReports)
    .where(eq(evaluationReports.taskType, taskType))
    .orderBy(desc(evaluationReports.createdAt))
    .limit(limit);
}
