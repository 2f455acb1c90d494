import { desc, eq } from 'drizzle-orm';
import { evaluationReports } from '../../drizzle/schema';
import type { DecisionLogLine } from '../contract/decision-log';
import { type ExportCursor, type ExportWindow, exportPage } from './decision-export';
import type { Database } from './postgres';

export type EvaluationReportRow = typeof evaluationReports.$inferSelect;

/** Reads a window of the decision log (at most `maxRows`, oldest first). */
export async function readDecisionWindow(
  db: Database,
  window: ExportWindow,
  maxRows: number,
): Promise<DecisionLogLine[]> {
  const lines: DecisionLogLine[] = [];
  let cursor: ExportCursor | null = null;
  do {
    const page = await exportPage(db, window, cursor, Math.min(5000, maxRows - lines.length));
    lines.push(...page.lines);
    cursor = page.next;
  } while (cursor && lines.length < maxRows);
  return lines;
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
