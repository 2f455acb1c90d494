import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../functions/index';
import { seededRng } from '../../src/common/seeded-rng';
import { call, createTaskType } from './helpers';

/** Serves `rounds` decisions where arm 'cool' is clearly better than the others. */
async function traffic(taskType: string, rounds: number) {
  const rng = seededRng(`evaluations-${taskType}`);
  for (let i = 0; i < rounds; i++) {
    const rec = (await call('POST', '/v1/recommend', { taskType, context: { i } })).body;
    const quality = (rec.armId === 'cool' ? 0.8 : 0.5) + (rng() - 0.5) * 0.2;
    await call('POST', '/v1/outcomes', { decisionId: rec.decisionId, quality, success: true });
  }
}

describe('offline evaluation', () => {
  it('POST …/evaluations runs a report; GET lists it newest first', async () => {
    const taskType = await createTaskType('eval');
    await traffic(taskType, 120);
    const run = await call('POST', `/v1/task-types/${taskType}/evaluations`);
    expect(run.status).toBe(201);
    const report = run.body.report;
    expect(report.n).toBe(120);
    expect(report.policies.map((p: { policy: string }) => p.policy)).toEqual([
      'baseline',
      'current',
      'phase-start-snapshot',
    ]);
    for (const p of report.policies) {
      for (const name of ['ips', 'snips', 'dm', 'dr', 'sndr', 'switchDr']) {
        const e = p.estimates[name];
        expect(e.low).toBeLessThanOrEqual(e.value + 1e-12);
        expect(e.high).toBeGreaterThanOrEqual(e.value - 1e-12);
      }
    }
    // The baseline arm 'base' has mean quality 0.5 (±0.1 uniform noise); SNIPS is a weighted
    // mean of its observed rewards, so it lies in [0.4, 0.6] whatever the propensities were.
    expect(report.policies[0].estimates.snips.value).toBeGreaterThanOrEqual(0.4);
    expect(report.policies[0].estimates.snips.value).toBeLessThanOrEqual(0.6);
    expect(report.comparisons).toHaveLength(2);
    expect(report.comparisons[0]).toMatchObject({ policy: 'current', versus: 'baseline', estimator: 'dr' });

    const list = await call('GET', `/v1/task-types/${taskType}/evaluations`);
    expect(list.status).toBe(200);
    expect(list.body.evaluations[0].id).toBe(run.body.id);
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.latestEvaluation.reportId).toBe(run.body.id);
  });

  it('the hourly cron writes a report per task type', async () => {
    const taskType = await createTaskType('eval-cron');
    await traffic(taskType, 40);
    const controller = createScheduledController({ cron: '0 * * * *', scheduledTime: Date.now() });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env as never, ctx);
    await waitOnExecutionContext(ctx);
    const list = await call('GET', `/v1/task-types/${taskType}/evaluations`);
    expect(list.body.evaluations.length).toBeGreaterThanOrEqual(1);
    expect(list.body.evaluations[0]).toMatchObject({ taskType, trigger: 'cron' });
    expect(list.body.evaluations[0].report.n).toBe(40);
  });

  it('answers 404 for an unknown task type', async () => {
    expect((await call('POST', '/v1/task-types/no-such-type-x/evaluations')).status).toBe(404);
    expect((await call('GET', '/v1/task-types/no-such-type-x/evaluations')).status).toBe(404);
  });
});
