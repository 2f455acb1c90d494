import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../scripts/stack/migrate.mjs';
import { startEmbeddedPostgres } from '../../scripts/stack/pglite-server.mjs';
import { isReachable, LOCAL_POSTGRES_URL } from './reachable.mjs';

const postgresUp = await isReachable('127.0.0.1', 5432);
const repoMigrations = new URL('../../drizzle/migrations/meta/_journal.json', import.meta.url);

describe('migrate', () => {
  /** @type {string} */
  let workDir;
  /** @type {Awaited<ReturnType<typeof startEmbeddedPostgres>>} */
  let pglite;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'tuneloop-migrate-'));
    pglite = await startEmbeddedPostgres({ dataDir: join(workDir, 'pglite') });
  });

  afterAll(async () => {
    await pglite?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('applies drizzle-kit output once, then does nothing', async () => {
    const folder = await fixtureMigrations(join(workDir, 'fixture'));
    expect(await migrate(pglite.url, { migrationsFolder: folder })).toEqual({ applied: 2, total: 2 });
    expect(await migrate(pglite.url, { migrationsFolder: folder })).toEqual({ applied: 0, total: 2 });
    const client = new pg.Client({ connectionString: pglite.url });
    await client.connect();
    const { rows } = await client.query('select name, score from fixture_items');
    await client.end();
    expect(rows).toEqual([{ name: 'seed', score: 1 }]);
  });

  it('says so instead of failing when there are no migrations yet', async () => {
    const result = await migrate(pglite.url, { migrationsFolder: join(workDir, 'nothing-here') });
    expect(result).toEqual({ skipped: expect.stringContaining('no drizzle-kit journal') });
  });

  it("applies the repository's own migrations to PGlite", async (ctx) => {
    if (!existsSync(repoMigrations)) ctx.skip('drizzle/migrations has no journal yet');
    const fresh = await startEmbeddedPostgres({ dataDir: join(workDir, 'repo-pglite') });
    try {
      const first = await migrate(fresh.url);
      expect(/** @type {any} */ (first).applied).toBeGreaterThan(0);
      expect(await migrate(fresh.url)).toEqual({ applied: 0, total: /** @type {any} */ (first).total });
    } finally {
      await fresh.stop();
    }
  });

  it("applies the repository's own migrations to the machine PostgreSQL", async (ctx) => {
    if (!postgresUp) ctx.skip('no PostgreSQL listening on 127.0.0.1:5432');
    if (!existsSync(repoMigrations)) ctx.skip('drizzle/migrations has no journal yet');
    // A throwaway database: the shared `test` database belongs to the integration tests.
    const name = `tuneloop_migrate_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: LOCAL_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = LOCAL_POSTGRES_URL.replace(/\/test$/, `/${name}`);
      const first = await migrate(url);
      expect(/** @type {any} */ (first).applied).toBeGreaterThan(0);
      expect(await migrate(url)).toEqual({ applied: 0, total: /** @type {any} */ (first).total });
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});

/** Two migrations shaped exactly like drizzle-kit's output. */
async function fixtureMigrations(/** @type {string} */ folder) {
  await mkdir(join(folder, 'meta'), { recursive: true });
  const entries = [
    { tag: '0000_items', sql: 'CREATE TABLE "fixture_items" (\n\t"name" text PRIMARY KEY NOT NULL\n);' },
    {
      tag: '0001_scores',
      sql: 'ALTER TABLE "fixture_items" ADD COLUMN "score" integer;--> statement-breakpoint\nINSERT INTO "fixture_items" VALUES (\'seed\', 1);',
    },
  ];
  const journal = {
    version: '7',
    dialect: 'postgresql',
    entries: entries.map(({ tag }, idx) => ({
      idx,
      version: '7',
      when: 1_700_000_000_000 + idx,
      tag,
      breakpoints: true,
    })),
  };
  await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  for (const { tag, sql } of entries) await writeFile(join(folder, `${tag}.sql`), sql);
  return folder;
}
