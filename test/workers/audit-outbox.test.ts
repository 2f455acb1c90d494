import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/postgres';
import { call, createTaskType, sleep } from './helpers';
import { exportedIds } from './postgres-helpers';

// Issue 11, findings 5 and 11: audit batches are bisected with a backoff of their own (audit
// trouble never delays decisions), and the outbox's lastError never carries the rows' values.
// Postgres is made to refuse rows of one task type only, by a trigger this test installs.

async function inPostgres(statement: string): Promise<void> {
  const { db, close } = openDatabase(env);
  try {
    await db.execute(sql.raw(statement));
  } finally {
    await close();
  }
}

/**
 * A trigger on `table` raising `errcode` for the rows `condition` picks; returns its removal.
 * check_violation is a refusal of the data (class 23); raise_exception (P0001) is not.
 */
async function refuseRows(table: string, condition: string, errcode: 'check_violation' | 'raise_exception') {
  const name = `refuse_${Math.random().toString(36).slice(2, 10)}`;
  await inPostgres(`
    create function ${name}() returns trigger language plpgsql as $$
    begin raise exception 'refused by the test' using errcode = '${errcode}'; end $$;
    create trigger ${name} before insert or update on ${table}
      for each row when (${condition}) execute function ${name}();`);
  return () => inPostgres(`drop trigger ${name} on ${table}; drop function ${name}();`);
}

const status = async (taskType: string) => (await call('GET', `/v1/task-types/${taskType}`)).body;
const rollout = (taskType: string, action: string, reason: string) =>
  call('POST', `/v1/task-types/${taskType}/rollout`, { action, reason });

/** Polls the status until `done` holds (the outbox flushes by alarm), at most ~10 s. */
async function statusWhen(taskType: string, done: (s: any) => boolean) {
  let s = await status(taskType);
  for (let i = 0; i < 40 && !done(s); i++) {
    await sleep(250);
    s = await status(taskType);
  }
  return s;
}

describe('the audit outbox', () => {
  it('sets aside an event Postgres refuses as data, and the events after it still reach Postgres', async () => {
    const taskType = await createTaskType('audit-bisect');
    const allow = await refuseRows('rollout_events', `new.reason = 'refused ${taskType}'`, 'check_violation');
    try {
      expect((await rollout(taskType, 'pause', `refused ${taskType}`)).status).toBe(200);
      expect((await rollout(taskType, 'resume', 'accepted after it')).status).toBe(200);
      const s = await statusWhen(
        taskType,
        (x) => x.outbox.audit.pending === 0 && x.outbox.audit.setAside === 1,
      );
      expect(s.outbox.audit).toMatchObject({ pending: 0, setAside: 1 });
    } finally {
      await allow();
    }
    const { db, close } = openDatabase(env);
    try {
      const rows = await db.execute(sql`SELECT reason FROM rollout_events WHERE task_type = ${taskType}`);
      const reasons = rows.rows.map((r) => r.reason);
      expect(reasons).toContain('accepted after it');
      expect(reasons).not.toContain(`refused ${taskType}`);
    } finally {
      await close();
    }
    // Postgres's copy of the chain now has a gap, and verification says so.
    const verified = await call('GET', `/v1/task-types/${taskType}/audit/verify`);
    expect(verified.body.postgres.ok).toBe(false);
  });

  it('backs off on its own when Postgres fails it: decisions still reach Postgres at once', async () => {
    const taskType = await createTaskType('audit-backoff');
    const allow = await refuseRows('rollout_events', `new.task_type = '${taskType}'`, 'raise_exception');
    try {
      expect((await rollout(taskType, 'pause', 'the audit write fails')).status).toBe(200);
      // Three failures in, a retry is 4–4.8 s away: a decision must not wait for it.
      const failing = await statusWhen(taskType, (x) => x.outbox.audit.consecutiveFailures >= 3);
      expect(failing.outbox.audit.consecutiveFailures).toBeGreaterThanOrEqual(3);
      expect(failing.outbox.audit.pending).toBeGreaterThan(0);
      // While the audit backs off, a decision reaches Postgres by the next alarm (250 ms), not
      // after the audit's retry delay: nothing but the alarm flushes it here.
      const served = (await call('POST', '/v1/recommend', { taskType, context: {} })).body.decisionId;
      const started = Date.now();
      const flushed = await statusWhen(taskType, (x) => x.outbox.pending === 0);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(flushed.outbox).toMatchObject({ pending: 0, consecutiveFailures: 0 });
      expect(flushed.outbox.audit.pending).toBeGreaterThan(0);
      expect(await exportedIds(taskType)).toEqual({ status: 200, ids: [served] });
    } finally {
      await allow();
    }
  });
});

describe("the outbox's lastError", () => {
  it('shows a read key no SQL parameters, and a keyless /health only up/degraded and the lag', async () => {
    const taskType = await createTaskType('redacted-error');
    const allow = await refuseRows('decisions', `new.task_type = '${taskType}'`, 'raise_exception');
    try {
      const secret = 'hunter2-context-value';
      expect((await call('POST', '/v1/recommend', { taskType, context: { note: secret } })).status).toBe(200);
      await call('GET', `/v1/task-types/${taskType}/decisions`); // asks for a flush, which fails
      const reader = (await call('POST', '/v1/api-keys', { name: 'error-reader', scopes: ['read'] })).body
        .key;
      let seen = (await call('GET', `/v1/task-types/${taskType}`, undefined, { key: reader })).body;
      for (let i = 0; i < 40 && !seen.outbox.lastError; i++) {
        await sleep(250);
        seen = (await call('GET', `/v1/task-types/${taskType}`, undefined, { key: reader })).body;
      }
      // The statement's shape is there to diagnose; the row's values are not.
      expect(seen.outbox.lastError).toMatch(/insert into "decisions"/);
      expect(seen.outbox.lastError).not.toMatch(/params:/);
      expect(seen.outbox.lastError).not.toContain(secret);
      expect(seen.outbox.lastError).not.toContain(taskType);
      const health = await call('GET', '/health', undefined, { key: null });
      expect(Object.keys(health.body).sort()).toEqual(['outboxLagSeconds', 'status']);
      expect(health.text).not.toContain(secret);
      expect(health.text).not.toContain('insert');
    } finally {
      await allow();
    }
  });
});
