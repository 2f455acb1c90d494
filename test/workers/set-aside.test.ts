import { env, runInDurableObject } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/postgres';
import { call, createTaskType, isProblem, sleep } from './helpers';

// Issue 11, finding 4: a decision Postgres refuses is set aside, and stays until resolved:
// named by the status, /health (ops) and the export's 503, never expired, and sent again by
// `POST /v1/task-types/{taskType}/outbox/retry` once Postgres takes it.

/** Makes Postgres refuse (integrity violation) this task type's decisions whose context says so. */
async function refuseMarkedRows(taskType: string, on: boolean) {
  const { db, close } = openDatabase(env);
  const name = `refuse_${taskType.replaceAll(/[^a-z0-9]/g, '_')}`;
  try {
    if (on) {
      await db.execute(
        sql.raw(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN
          IF NEW.task_type = '${taskType}' AND NEW.context ? 'refuseMe' THEN
            RAISE EXCEPTION 'refused for the test' USING ERRCODE = '23514';
          END IF; RETURN NEW; END $$ LANGUAGE plpgsql`),
      );
      await db.execute(
        sql.raw(
          `CREATE TRIGGER ${name} BEFORE INSERT OR UPDATE ON decisions FOR EACH ROW EXECUTE FUNCTION ${name}()`,
        ),
      );
    } else {
      await db.execute(sql.raw(`DROP TRIGGER IF EXISTS ${name} ON decisions`));
      await db.execute(sql.raw(`DROP FUNCTION IF EXISTS ${name}()`));
    }
  } finally {
    await close();
  }
}

const exportIds = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).decisionId as string);

describe('a set-aside decision', () => {
  it('stays until resolved: named by status, health and a 503 export, kept past expiry, sent again by the retry endpoint', async () => {
    const taskType = await createTaskType('set-aside-retry', { decisionTtlMs: 3_600_000 });
    await refuseMarkedRows(taskType, true);
    let bad = '';
    let good = '';
    try {
      bad = (await call('POST', '/v1/recommend', { taskType, context: { refuseMe: true } })).body.decisionId;
      good = (await call('POST', '/v1/recommend', { taskType, context: {} })).body.decisionId;
      const refused = await call('GET', `/v1/task-types/${taskType}/decisions`);
      expect(refused.status, refused.text).toBe(503);
      expect(isProblem(refused)).toBe(true);
      expect(refused.body.errors.map((e: { value: string }) => e.value)).toEqual([bad]);

      // Expiry passes it by: a month later it is still there, still named.
      type WithDecisions = { decisions: { expire(nowMs: number): void } };
      const stub = env.TASK_TYPE_OPTIMIZER.getByName(taskType) as unknown as DurableObjectStub;
      await runInDurableObject(stub, (instance: unknown) => {
        (instance as WithDecisions).decisions.expire(Date.now() + 40 * 86_400_000);
      });
      const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
      expect(status.outbox).toMatchObject({ pending: 0, setAside: 1, setAsideIds: [bad] });

      let health = (await call('GET', '/health')).body;
      for (let i = 0; i < 20 && !(health.outbox?.setAside >= 1); i++) {
        await sleep(250);
        health = (await call('GET', '/health')).body;
      }
      expect(health.outbox.setAside).toBeGreaterThanOrEqual(1);

      // Still refused: a retry keeps it set aside.
      const again = await call('POST', `/v1/task-types/${taskType}/outbox/retry`);
      expect(again.status, again.text).toBe(200);
      expect(again.body).toMatchObject({ taskType, retried: 1, outbox: { setAside: 1 } });
    } finally {
      await refuseMarkedRows(taskType, false);
    }
    const readKey = await call('POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    const forbidden = await call('POST', `/v1/task-types/${taskType}/outbox/retry`, undefined, {
      key: readKey.body.key,
    });
    expect(forbidden.status).toBe(403);

    const retried = await call('POST', `/v1/task-types/${taskType}/outbox/retry`);
    expect(retried.body).toMatchObject({ retried: 1, outbox: { setAside: 0, setAsideIds: [] } });
    const res = await call('GET', `/v1/task-types/${taskType}/decisions`);
    expect(res.status, res.text).toBe(200);
    expect(exportIds(res.text).sort()).toEqual([bad, good].sort());
  });

  it('is 404 for the retry of a task type that does not exist', async () => {
    const res = await call('POST', '/v1/task-types/no-such-task-type-retry/outbox/retry');
    expect(res.status).toBe(404);
    expect(isProblem(res)).toBe(true);
  });
});
