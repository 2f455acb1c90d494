import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/postgres';
import { call, createTaskType, isProblem } from './helpers';

// PGlite (the embedded default) is one session: a second connection holding a lock needs a real server.
const realPostgres = Boolean(env.DATABASE_URL && !env.DATABASE_URL.includes('postgres:postgres@'));

describe.skipIf(!realPostgres)('the export with the decisions table locked (real Postgres only)', () => {
  it('answers 503 with Retry-After within 6 s instead of waiting for the lock', async () => {
    const taskType = await createTaskType('export-locked');
    await call('POST', '/v1/recommend', { taskType, context: {} });
    const { db, close } = openDatabase(env);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const lock = db
      .transaction(async (tx) => {
        await tx.execute(sql`LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE`);
        locked();
        await held;
      })
      .catch(() => {});
    try {
      await isLocked;
      const started = Date.now();
      const res = await call('GET', `/v1/task-types/${taskType}/decisions`);
      const elapsedMs = Date.now() - started;
      expect(res.status).toBe(503);
      expect(isProblem(res)).toBe(true);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(elapsedMs).toBeLessThan(6000);
    } finally {
      release();
      await lock;
      await close();
    }
    const after = await call('GET', `/v1/task-types/${taskType}/decisions`);
    expect(after.status).toBe(200);
    expect(after.text.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
