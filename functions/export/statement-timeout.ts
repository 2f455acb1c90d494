import { sql } from 'drizzle-orm';
import type { Database } from '../../src/storage/postgres';

/**
 * Bounds every statement of the export's session (`SET statement_timeout`): a query behind a
 * lock fails after `timeoutMs` instead of holding the request. Set before each page, on the
 * one-connection pool the export opens, so a reconnect between pages cannot lose it.
 */
export async function withStatementTimeout<T>(
  db: Database,
  timeoutMs: number,
  query: () => Promise<T>,
): Promise<T> {
  const ms = Math.max(1, Math.round(timeoutMs));
  await db.execute(sql.raw(`SET statement_timeout = ${ms}`));
  return query();
}
