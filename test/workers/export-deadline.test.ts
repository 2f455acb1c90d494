import { describe, expect, it } from 'vitest';
import { call, createTaskType, isProblem } from './helpers';
import { lockDecisions, realPostgres } from './postgres-helpers';

describe.skipIf(!realPostgres)('the export with the decisions table locked (real Postgres only)', () => {
  it('answers 503 with Retry-After within 6 s instead of waiting for the lock', async () => {
    const taskType = await createTaskType('export-locked');
    await call('POST', '/v1/recommend', { taskType, context: {} });
    const unlock = await lockDecisions();
    try {
      const started = Date.now();
      const res = await call('GET', `/v1/task-types/${taskType}/decisions`);
      const elapsedMs = Date.now() - started;
      expect(res.status).toBe(503);
      expect(isProblem(res)).toBe(true);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(elapsedMs).toBeLessThan(6000);
    } finally {
      await unlock();
    }
    const after = await call('GET', `/v1/task-types/${taskType}/decisions`);
    expect(after.status).toBe(200);
    expect(after.text.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
