import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/postgres';
import { call, createTaskType, rolloutAction, taskTypeWithAuditChain } from './helpers';

// Issue 11, findings 5 and 6: verification compares the Postgres tail with the object's chain,
// and a waiver of 1e12 tokens (the schema admits it) reaches Postgres without stopping the audit.

async function inPostgres<T>(run: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> {
  const { db, close } = openDatabase(env);
  try {
    return await run(db);
  } finally {
    await close();
  }
}

describe('audit verification', () => {
  it('fails when the newest events are deleted from Postgres, and when all are', async () => {
    const taskType = await taskTypeWithAuditChain('chain-tail');
    const ok = await call('GET', `/v1/task-types/${taskType}/audit/verify`);
    expect(ok.body).toMatchObject({ ok: true, postgres: { ok: true, length: 3 } });

    await inPostgres((db) =>
      db.execute(sql`DELETE FROM rollout_events WHERE task_type = ${taskType} AND seq = 3`),
    );
    const truncated = await call('GET', `/v1/task-types/${taskType}/audit/verify`);
    expect(truncated.body.ok).toBe(false);
    expect(truncated.body.postgres).toMatchObject({ ok: false, brokenAt: 2 });
    expect(truncated.body.durableObject).toMatchObject({ ok: true, length: 3 });

    await inPostgres((db) => db.execute(sql`DELETE FROM rollout_events WHERE task_type = ${taskType}`));
    const emptied = await call('GET', `/v1/task-types/${taskType}/audit/verify`);
    expect(emptied.body.ok).toBe(false);
    expect(emptied.body.postgres).toMatchObject({ ok: false, brokenAt: 0 });
  });
});

describe('a waiver of 1e12 tokens', () => {
  it('reaches Postgres, and the audit events after it still do', async () => {
    const taskType = await createTaskType('big-waiver');
    const waiver = await call('POST', `/v1/task-types/${taskType}/budget/waivers`, {
      tokens: 1e12,
      reason: 'a very large launch',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(waiver.status, waiver.text).toBe(201);
    await rolloutAction(taskType, 'pause', 'after the waiver');
    const verified = await call('GET', `/v1/task-types/${taskType}/audit/verify`);
    expect(verified.body, verified.text).toMatchObject({ ok: true, postgres: { ok: true } });
    const rows = await inPostgres((db) =>
      db.execute(sql`SELECT tokens::text AS tokens FROM budget_waivers WHERE task_type = ${taskType}`),
    );
    expect(rows.rows.map((r) => r.tokens)).toEqual(['1000000000000']);
  });
});
