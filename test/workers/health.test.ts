import { describe, expect, it } from 'vitest';
import { call, createTaskType, isProblem } from './helpers';

describe('GET /health', () => {
  it('says only up or degraded and the outbox lag without a key: no task type names', async () => {
    const taskType = await createTaskType('health-public');
    await call('POST', '/v1/recommend', { taskType, context: {} });
    const res = await call('GET', '/health', undefined, { key: null });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['outboxLagSeconds', 'status']);
    expect(['ok', 'degraded']).toContain(res.body.status);
    expect(res.body.outboxLagSeconds).toBeGreaterThanOrEqual(0);
    expect(res.text).not.toContain(taskType);
  });

  it('gives an ops key the details, and a read key only the summary', async () => {
    const ops = await call('GET', '/health');
    expect(ops.body).toMatchObject({ postgres: 'configured', outbox: { failing: expect.any(Array) } });
    const read = await call('POST', '/v1/api-keys', { name: 'health-reader', scopes: ['read'] });
    const summary = await call('GET', '/health', undefined, { key: read.body.key });
    expect(Object.keys(summary.body).sort()).toEqual(['outboxLagSeconds', 'status']);
  });

  it('answers 401 problem+json to a key it does not know, rather than ignoring it', async () => {
    const res = await call('GET', '/health', undefined, { key: 'not-a-key' });
    expect(res.status).toBe(401);
    expect(isProblem(res)).toBe(true);
  });
});
