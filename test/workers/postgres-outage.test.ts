import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTaskType, sleep } from './helpers';

/** Makes the local Neon WebSocket proxy refuse and drop connections, or heal. */
async function setPostgresFault(mode: 'refuse' | null) {
  const res = await fetch(`${env.NEON_PROXY_CONTROL_URL}/__fault`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(res.status).toBe(200);
}

describe('Postgres unreachable mid-traffic', () => {
  it('keeps serving, then writes every decision exactly once when Postgres is back', async () => {
    const taskType = await createTaskType('outage');
    const served: string[] = [];
    const serve = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const rec = await call('POST', '/v1/recommend', { taskType, context: { i } });
        expect(rec.status).toBe(200);
        served.push(rec.body.decisionId);
        const out = await call('POST', '/v1/outcomes', {
          decisionId: rec.body.decisionId,
          quality: 0.5,
          success: true,
        });
        expect(out.status).toBe(200);
      }
    };
    try {
      await serve(20);
      await setPostgresFault('refuse');
      await serve(40);
      await sleep(300); // let the outbox try (and fail) while Postgres is away
      const during = await call('GET', `/v1/task-types/${taskType}/decisions`);
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBeTruthy();
      await serve(10);
    } finally {
      await setPostgresFault(null);
    }
    const health = await call('GET', '/health', undefined, { key: null });
    expect(health.status).toBe(200);

    let lines: Array<{ decisionId: string; reward: number | null }> = [];
    for (let attempt = 0; attempt < 10 && lines.length < served.length; attempt++) {
      const res = await call('GET', `/v1/task-types/${taskType}/decisions`);
      if (res.status === 200)
        lines = res.text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l));
      else await sleep(500);
    }
    const ids = lines.map((l) => l.decisionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...served].sort());
    expect(lines.every((l) => l.reward === 0.5)).toBe(true);
  });
});

describe('a decision Postgres refuses as data', () => {
  it('is set aside without blocking the rest of the log', async () => {
    const taskType = await createTaskType('set-aside');
    // Straight to the object, past the edge's validation: a NUL Postgres cannot store.
    const stub = env.TASK_TYPE_OPTIMIZER.getByName(taskType);
    const bad = await stub.recommend({ taskType, context: { note: 'a\u0000b' } });
    const good = (await call('POST', '/v1/recommend', { taskType, context: {} })).body;
    // The rest reached Postgres; the export names the one it refused rather than leaving it out.
    const res = await call('GET', `/v1/task-types/${taskType}/decisions`);
    expect(res.status, res.text).toBe(503);
    expect(bad.ok).toBe(true);
    const badId = bad.ok ? bad.response.decisionId : '';
    expect(res.body.errors.map((e: { value: string }) => e.value)).toEqual([badId]);
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.outbox).toMatchObject({ pending: 0, setAside: 1, setAsideIds: [badId] });
    const before = (
      await call(
        'GET',
        `/v1/task-types/${taskType}/decisions?until=${new Date(Date.now() - 60_000).toISOString()}`,
      )
    ).status;
    expect(before).toBe(200);
    expect(good.decisionId).not.toBe(badId);
  });
});
