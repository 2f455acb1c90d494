import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DRAWS_REFRESH_MS } from '../../src/optimizer/posterior-draws';
import { GROUP_SYNC_MS } from '../../src/sharing/group-sync';
import { arm, call, createTaskType, sleep } from './helpers';

const TWO_ARMS = {
  arms: [arm('base'), arm('alt', 0.9)],
  policy: { kind: 'thompson-gaussian', epsilon: 0.02 },
};

describe('groups', () => {
  it('start a new member from the pool of the others, leaving its own statistics its own', async () => {
    const group = { name: `g-${Date.now().toString(36)}`, priorWeight: 20 };
    const veteran = await createTaskType('group-a', { ...TWO_ARMS, group });
    // The veteran learns that 'alt' is right and 'base' is wrong, 20 times each.
    for (let i = 0; i < 40; i++) {
      const d = (await call('POST', '/v1/recommend', { taskType: veteran, requestId: `v${i}` })).body;
      await call('POST', '/v1/outcomes', { decisionId: d.decisionId, quality: d.armId === 'alt' ? 1 : 0 });
    }
    // A member syncs at most every GROUP_SYNC_MS, from its alarm (a recommend schedules one).
    await sleep(GROUP_SYNC_MS + 100);
    await call('POST', '/v1/recommend', { taskType: veteran, requestId: 'v-last' });
    await runDurableObjectAlarm(env.TASK_TYPE_OPTIMIZER.getByName(veteran));

    const newcomer = await createTaskType('group-b', { ...TWO_ARMS, group });
    // Its first alarm (the config's audit flush, or this one) pushes and pulls.
    await call('POST', '/v1/recommend', { taskType: newcomer, requestId: 'n0' });
    await runDurableObjectAlarm(env.TASK_TYPE_OPTIMIZER.getByName(newcomer));
    // Draws are reused for DRAWS_REFRESH_MS under load (each decision logs the revision it was served from).
    await sleep(DRAWS_REFRESH_MS + 50);
    const after = (await call('POST', '/v1/recommend', { taskType: newcomer, requestId: 'n1' })).body;
    // The pool is a new posterior revision: the decision names the policy it was served from.
    expect(after.policyVersion).not.toBe('1.0');
    // From the pool: 'alt' is served with all but the exploration floor's share.
    const altShare = after.armId === 'alt' ? after.policyPropensity : 1 - after.policyPropensity;
    expect(altShare).toBeGreaterThan(0.95);
    const status = (await call('GET', `/v1/task-types/${newcomer}`)).body;
    expect(status.arms.every((a: { rewards: number }) => a.rewards === 0)).toBe(true);
  });

  it('leave a task type outside any group to its own draws: no outcomes, both arms about even', async () => {
    const alone = await createTaskType('group-none', TWO_ARMS);
    await call('POST', '/v1/recommend', { taskType: alone, requestId: 'a0' });
    await runDurableObjectAlarm(env.TASK_TYPE_OPTIMIZER.getByName(alone));
    const d = (await call('POST', '/v1/recommend', { taskType: alone, requestId: 'a1' })).body;
    expect(d.policyVersion).toBe('1.0');
    expect(d.policyPropensity).toBeLessThan(0.8);
  });
});
