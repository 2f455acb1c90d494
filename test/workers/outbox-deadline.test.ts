import { describe, expect, it } from 'vitest';
import { WRITE_WITHIN_MS } from '../../durable-objects/outbox-flusher';
import { call, createTaskType, sleep } from './helpers';
import { exportedIds, lockDecisions, realPostgres } from './postgres-helpers';

// The faults bench (bench/faults.mjs) saw one task type's flush never settle after Postgres
// connections were cut: every later flush waited on it, and the export answered 503 for good.
describe.skipIf(!realPostgres)('a flush Postgres does not answer (real Postgres only)', () => {
  it('fails after WRITE_WITHIN_MS and backs off, instead of holding the outbox until Postgres answers', async () => {
    const taskType = await createTaskType('flush-deadline');
    const unlock = await lockDecisions();
    const lockedAt = Date.now();
    let served = '';
    try {
      served = (await call('POST', '/v1/recommend', { taskType, context: {} })).body.decisionId;
      // Asks for a flush now (it blocks on the lock); the export itself answers 503 within 6 s.
      expect((await call('GET', `/v1/task-types/${taskType}/decisions`)).status).toBe(503);
      let outbox = { consecutiveFailures: 0, lastError: null as string | null, pending: 0 };
      while (outbox.consecutiveFailures === 0 && Date.now() - lockedAt < WRITE_WITHIN_MS + 5000) {
        await sleep(500);
        outbox = (await call('GET', `/v1/task-types/${taskType}`)).body.outbox;
      }
      // Still locked: the flush gave up on its own, it was not Postgres that answered.
      expect(outbox.consecutiveFailures).toBeGreaterThanOrEqual(1);
      expect(outbox.lastError).toMatch(/did not answer/);
      expect(outbox.pending).toBe(1);
    } finally {
      await unlock();
    }
    expect(await exportedIds(taskType, 20)).toEqual({ status: 200, ids: [served] });
  }, 60_000);
});
