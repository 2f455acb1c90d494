import { describe, expect, it } from 'vitest';
import { call, createTaskType, isProblem, sleep } from './helpers';

async function decide(taskType: string) {
  const res = await call('POST', '/v1/recommend', { taskType, context: {} });
  return res.body.decisionId as string;
}

describe('POST /v1/outcomes', () => {
  it('records an outcome with its reward, then answers the same fields as a duplicate', async () => {
    const taskType = await createTaskType('out');
    const decisionId = await decide(taskType);
    const outcome = {
      decisionId,
      quality: 0.8,
      latencyMs: 420,
      promptTokens: 100,
      completionTokens: 250,
      success: true,
    };
    const first = await call('POST', '/v1/outcomes', outcome);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ decisionId, recorded: true, reward: 0.8 });
    const again = await call('POST', '/v1/outcomes', outcome);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    const status = await call('GET', `/v1/task-types/${taskType}`);
    const rewards = status.body.arms.reduce((n: number, a: { rewards: number }) => n + a.rewards, 0);
    expect(rewards).toBe(1);
  });

  it('answers 409 for a different value of a field already set, and changes nothing', async () => {
    const taskType = await createTaskType('conflict');
    const decisionId = await decide(taskType);
    await call('POST', '/v1/outcomes', { decisionId, quality: 0.8 });
    const res = await call('POST', '/v1/outcomes', { decisionId, quality: 0.1, latencyMs: 5 });
    expect(res.status).toBe(409);
    expect(isProblem(res)).toBe(true);
    expect(res.body.errors[0]).toMatchObject({ path: '/quality', value: 0.1, limit: 0.8 });
    const later = await call('POST', '/v1/outcomes', { decisionId, latencyMs: 7 });
    expect(later.status).toBe(200);
    expect(later.body.duplicate).toBeUndefined();
  });

  it('accepts an outcome in parts and scores it when quality arrives', async () => {
    const taskType = await createTaskType('parts', {
      reward: { weights: { quality: 1, latency: 0.1, tokens: 0 } },
    });
    const decisionId = await decide(taskType);
    const p1 = await call('POST', '/v1/outcomes', { decisionId, latencyMs: 500, success: true });
    expect(p1.status).toBe(200);
    expect(p1.body.reward).toBeUndefined();
    const p2 = await call('POST', '/v1/outcomes', { decisionId, quality: 0.6 });
    expect(p2.status).toBe(200);
    // 1·0.6 − 0.1·500/1000 (DESIGN.md §4)
    expect(p2.body.reward).toBeCloseTo(0.55, 12);
  });

  it('scores a failed call with the failure reward without quality', async () => {
    const taskType = await createTaskType('fail', { reward: { failureReward: -0.25 } });
    const decisionId = await decide(taskType);
    const res = await call('POST', '/v1/outcomes', { decisionId, success: false, error: 'timeout' });
    expect(res.body.reward).toBe(-0.25);
  });

  it('answers an array in input order, each with its own status', async () => {
    const taskType = await createTaskType('batch');
    const a = await decide(taskType);
    const b = await decide(taskType);
    const res = await call('POST', '/v1/outcomes', [
      { decisionId: a, quality: 0.5 },
      { decisionId: 'not-issued-here', quality: 0.5 },
      { decisionId: `${taskType}:forged`, quality: 0.5 },
      { decisionId: b, quality: 0.9 },
      { decisionId: a, quality: 0.7 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([200, 404, 404, 200, 409]);
    expect(res.body.results[0]).toMatchObject({ decisionId: a, recorded: true, reward: 0.5 });
    expect(res.body.results[4].problem.status).toBe(409);
  });

  it('refuses a batch with one bad item with 422 before writing anything', async () => {
    const taskType = await createTaskType('batch422');
    const a = await decide(taskType);
    const res = await call('POST', '/v1/outcomes', [
      { decisionId: a, quality: 0.5 },
      { decisionId: a, quality: 'high' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/1/quality');
    const retry = await call('POST', '/v1/outcomes', { decisionId: a, quality: 0.6 });
    expect(retry.status).toBe(200);
    expect(retry.body.duplicate).toBeUndefined();
  });

  it('answers 404 for an unknown decision and 422 for an outcome without fields', async () => {
    expect((await call('POST', '/v1/outcomes', { decisionId: 'nope', quality: 0.5 })).status).toBe(404);
    const empty = await call('POST', '/v1/outcomes', { decisionId: 'x' });
    expect(empty.status).toBe(422);
    expect(isProblem(empty)).toBe(true);
  });

  it('answers 410 for an outcome after the decision TTL', async () => {
    const taskType = await createTaskType('ttl', { decisionTtlMs: 1000 });
    const decisionId = await decide(taskType);
    await sleep(1100);
    const res = await call('POST', '/v1/outcomes', { decisionId, quality: 0.5 });
    expect(res.status).toBe(410);
    expect(isProblem(res)).toBe(true);
  });
});
