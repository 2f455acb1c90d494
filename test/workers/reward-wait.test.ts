import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTaskType, sleep } from './helpers';

describe('quality that never comes', () => {
  it('is scored with the default quality once rewardWaitMs has passed, by the alarm', async () => {
    const taskType = await createTaskType('reward-wait', {
      reward: { defaultQuality: 0.4, rewardWaitMs: 1000 },
    });
    const d = (await call('POST', '/v1/recommend', { taskType })).body;
    const part = await call('POST', '/v1/outcomes', {
      decisionId: d.decisionId,
      latencyMs: 250,
      success: true,
    });
    expect(part.body.reward).toBeUndefined();
    await sleep(1100);
    await runDurableObjectAlarm(env.TASK_TYPE_OPTIMIZER.getByName(taskType));
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.arms.reduce((n: number, a: { rewards: number }) => n + a.rewards, 0)).toBe(1);
    // A judge's quality arriving later is kept, but the posterior learned once, from the default.
    const late = await call('POST', '/v1/outcomes', { decisionId: d.decisionId, quality: 0.9 });
    expect(late.body).toMatchObject({ recorded: true, reward: 0.4 });
    const after = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(after.arms.reduce((n: number, a: { rewards: number }) => n + a.rewards, 0)).toBe(1);
  });

  it('stays unrewarded without a default quality (the default)', async () => {
    const taskType = await createTaskType('reward-none', { reward: { rewardWaitMs: 0 } });
    const d = (await call('POST', '/v1/recommend', { taskType })).body;
    await call('POST', '/v1/outcomes', { decisionId: d.decisionId, latencyMs: 250, success: true });
    await runDurableObjectAlarm(env.TASK_TYPE_OPTIMIZER.getByName(taskType));
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.arms.reduce((n: number, a: { rewards: number }) => n + a.rewards, 0)).toBe(0);
  });
});
