import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTaskType, uniqueTaskType } from './helpers';

// Issue 11, finding 3: a name that is not a task type, or a decision id this service did not
// issue, creates no storage. Forged ids end at the edge; an object asked about a task type that
// was never PUT reads, answers and writes nothing (its tables come with the first PUT).

/** The tables in a task type's Durable Object (asking creates the object, never its tables). */
async function tablesOf(taskType: string): Promise<string[]> {
  const stub = env.TASK_TYPE_OPTIMIZER.getByName(taskType);
  return runInDurableObject(stub, (_instance, state: DurableObjectState) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((r) => r.name),
  );
}

const hex16 = (i: number) => i.toString(16).padStart(16, '0');

describe('storage only for real task types', () => {
  it('answers 1,000 forged decision ids in one batch with 404s and creates no object storage', async () => {
    const prefix = uniqueTaskType('junk');
    const now = Date.now().toString(36);
    const ids = Array.from({ length: 1000 }, (_, i) => {
      const taskType = `${prefix}-${i}`;
      // malformed, untagged but issued after the switch to tags, and tagged with a made-up tag
      if (i % 3 === 0) return `${taskType}:x`;
      if (i % 3 === 1) return `${taskType}:${now}${hex16(i)}`;
      return `${taskType}:${now}${hex16(i)}.AAAAAAAAAAAAAAAA`;
    });
    const res = await call(
      'POST',
      '/v1/outcomes',
      ids.map((decisionId) => ({ decisionId, quality: 0.5 })),
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.results).toHaveLength(1000);
    for (const r of res.body.results) expect(r.status).toBe(404);
    for (const i of [0, 1, 2, 500, 998, 999]) expect(await tablesOf(`${prefix}-${i}`)).toEqual([]);
  });

  it('honours an untagged id of the first release within its TTL, and an unknown task type still stores nothing', async () => {
    const taskType = uniqueTaskType('legacy');
    const issued = Date.parse('2026-12-01T12:00:00Z');
    const res = await call('POST', '/v1/outcomes', {
      decisionId: `${taskType}:${issued.toString(36)}${hex16(7)}`,
      quality: 0.5,
    });
    expect(res.status, res.text).toBe(404);
    expect(await tablesOf(taskType)).toEqual([]);
  });

  it('writes nothing for recommend, GET or the decision log of a task type that was never PUT', async () => {
    const taskType = uniqueTaskType('never-put');
    const rec = await call('POST', '/v1/recommend', { taskType, context: {} });
    expect(rec.status, rec.text).toBe(404);
    const got = await call('GET', `/v1/task-types/${taskType}`);
    expect(got.status, got.text).toBe(404);
    expect(await tablesOf(taskType)).toEqual([]);
  });

  it('issues tagged ids whose outcomes are recorded, and refuses the same id with its tag altered', async () => {
    const taskType = await createTaskType('tagged');
    const rec = await call('POST', '/v1/recommend', { taskType, context: {} });
    expect(rec.body.decisionId).toMatch(/^[^:]+:[0-9a-z]+[0-9a-f]{16}\.[A-Za-z0-9_-]{16}$/);
    const id: string = rec.body.decisionId;
    const altered = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    const forged = await call('POST', '/v1/outcomes', { decisionId: altered, quality: 0.9 });
    expect(forged.status, forged.text).toBe(404);
    const untagged = await call('POST', '/v1/outcomes', { decisionId: id.split('.')[0], quality: 0.9 });
    expect(untagged.status, untagged.text).toBe(404);
    const real = await call('POST', '/v1/outcomes', { decisionId: id, quality: 0.9 });
    expect(real.status, real.text).toBe(200);
    expect(await tablesOf(taskType)).toContain('decisions');
  });
});
