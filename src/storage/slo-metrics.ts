import { sloMetrics } from '../../drizzle/schema';
import type { Database } from './postgres';

export type SloMetricsRow = typeof sloMetrics.$inferInsert;

/** One row per task type per sweep; a lost row loses a chart point, never a decision. */
export async function insertSloMetrics(db: Database, rows: SloMetricsRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(sloMetrics).values(rows);
}
