import { describe, expect, it } from 'vitest';
import { arm, call, createTaskType, riskTierTaskType, sleep } from './helpers';

const rewardsOf = async (taskType: string) =>
  Object.fromEntries(
    (await call('GET', `/v1/task-types/${taskType}`)).body.arms.map(
      (a: { armId: string; rewards: number }) => [a.armId, a.rewards],
    ),
  );

describe('inputs that Postgres or the models could not take', () => {
  it('refuses a NUL character or a lone surrogate anywhere in a body with 422 naming it', async () => {
    const taskType = await createTaskType('nul');
    const nul = await call(
      'POST',
      '/v1/recommend',
      `{"taskType":"${taskType}","context":{"note":"a\\u0000b"}}`,
      { raw: true },
    );
    expect(nul.status).toBe(422);
    expect(nul.body.errors[0].path).toBe('/context/note');
    const surrogate = await call(
      'POST',
      '/v1/recommend',
      `{"taskType":"${taskType}","requestId":"\\ud800"}`,
      { raw: true },
    );
    expect(surrogate.status).toBe(422);
    expect(surrogate.body.errors[0].path).toBe('/requestId');
    const key = await call('POST', '/v1/recommend', `{"taskType":"${taskType}","context":{"k\\u0000":1}}`, {
      raw: true,
    });
    expect(key.status).toBe(422);
  });

  it('keeps serving LinUCB when a numeric feature is absurdly large', async () => {
    const taskType = await riskTierTaskType('huge', 'linucb', { phase: 'general' });
    for (const riskTier of [1e200, 1e154, 1e154, 2]) {
      const d = await call('POST', '/v1/recommend', { taskType, context: { riskTier } });
      expect(d.status).toBe(200);
      expect(d.body.propensity).toBeGreaterThan(0);
      await call('POST', '/v1/outcomes', { decisionId: d.body.decisionId, quality: 0.5 });
    }
  });
});

describe('request ids and config changes', () => {
  it('serves a new decision for a request id reused after its decision expired', async () => {
    const taskType = await createTaskType('reuse', { decisionTtlMs: 1000 });
    const first = await call('POST', '/v1/recommend', { taskType, requestId: 'again' });
    await sleep(1100);
    const second = await call('POST', '/v1/recommend', { taskType, requestId: 'again' });
    expect(second.status).toBe(200);
    expect(second.body.decisionId).not.toBe(first.body.decisionId);
  });

  it('does not teach an arm whose params changed after the decision was served', async () => {
    const taskType = await createTaskType('reset', { arms: [arm('base'), arm('cool', 0.5)] });
    const served: Array<{ decisionId: string; armId: string }> = [];
    for (let i = 0; i < 12; i++) served.push((await call('POST', '/v1/recommend', { taskType })).body);
    const replaced = await call('PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'base',
      arms: [arm('base'), arm('cool', 0.55)],
      policy: { kind: 'thompson-gaussian' },
    });
    expect(replaced.body.resetArms).toEqual(['cool']);
    for (const d of served) await call('POST', '/v1/outcomes', { decisionId: d.decisionId, quality: 0.9 });
    const baseServed = served.filter((d) => d.armId === 'base').length;
    expect(await rewardsOf(taskType)).toEqual({ base: baseServed, cool: 0 });
  });
});
