// Applies drizzle-kit's generated SQL migrations (drizzle/migrations) with drizzle's own
// migrator, which records what it applied in drizzle.__drizzle_migrations: running it
// again is a no-op. Uses `pg` over TCP, so it works against PGlite and real Postgres alike.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

const DEFAULT_FOLDER = fileURLToPath(new URL('../../drizzle/migrations', import.meta.url));
// Any fixed number: test files and `npm start` may migrate the same database at once,
// and drizzle's migrator does not lock.
const LOCK_KEY = 74_657_001;

/**
 * Brings the database at `databaseUrl` up to the newest migration.
 * @param {string} databaseUrl
 * @param {{ migrationsFolder?: string }} [options] default: drizzle/migrations in this repo
 * @returns {Promise<{ applied: number, total: number } | { skipped: string }>} applied: how
 *   many ran now; total: how many the database has now
 */
export async function migrate(databaseUrl, { migrationsFolder = DEFAULT_FOLDER } = {}) {
  if (!existsSync(`${migrationsFolder}/meta/_journal.json`)) {
    return { skipped: `no drizzle-kit journal in ${migrationsFolder} yet` };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    const before = await countApplied(client);
    await drizzleMigrate(drizzle(client), { migrationsFolder });
    const total = await countApplied(client);
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    return { applied: total - before, total };
  } finally {
    await client.end();
  }
}

/** Rows in drizzle's bookkeeping table, 0 before the first run created it. */
async function countApplied(/** @type {pg.Client} */ client) {
  const { rows } = await client.query("select to_regclass('drizzle.__drizzle_migrations') as t");
  if (!rows[0].t) return 0;
  const count = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
  return count.rows[0].n;
}
