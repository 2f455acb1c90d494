import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DRAWS_REFRESH_MS } from '../../src/optimizer/posterior-draws';
import { GROUP_SYNC_MS } from '../../src/sharing/group-sync';
import { arm, call, createTaskType, isProblem, sleep, uniqueTaskType } from './helpers';

const TWO_ARMS = {
  arms: [arm('base'), arm('alt', 0.9)],
  policy: { kind: 'thompson-gaussian', epsilon: 0.02 },
};

const LINEAR = {
  arms: [arm('base'), arm('alt', 0.9)],
  policy: { kind: 'linucb', epsilon: 0.02 },
  features: [{ name: 'hard', kind: 'numeric' }],
};

/** Pushes a member's statistics to its group and pulls the pool, from its alarm (as production does). */
async function syncWithGroup(taskType: string, requestId: string) {
  await call('POST', '/v1/recommend', { taskType, requestId, context: { hard: 0 } });
  await runDurableObjectAlarm(env.TASK_TYPE_OPTIMIZER.getByName(taskType));
}

/** The share of 'alt' in the policy's distribution for one context (two arms). */
async function altShare(taskType: string, requestId: string, hard: number) {
  const d = (await call('POST', '/v1/recommend', { taskType, requestId, context: { hard } })).body;
  return {
    share: d.armId === 'alt' ? d.policyPropensity : 1 - d.policyPropensity,
    policyVersion: d.policyVersion,
  };
}

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

  it('start a new linear member from the models of the members with its features', async () => {
    const group = { name: `gl-${Date.now().toString(36)}`, priorWeight: 200 };
    const veterans = [await createTaskType('group-lin-a', { ...LINEAR, group })];
    veterans.push(await createTaskType('group-lin-b', { ...LINEAR, group }));
    // Each veteran learns that 'alt' is right on hard questions and 'base' on easy ones.
    for (const veteran of veterans) {
      for (let i = 0; i < 30; i++) {
        const hard = i % 2;
        const context = { hard };
        const d = (await call('POST', '/v1/recommend', { taskType: veteran, requestId: `v${i}`, context }))
          .body;
        const right = (d.armId === 'alt') === (hard === 1);
        await call('POST', '/v1/outcomes', { decisionId: d.decisionId, quality: right ? 1 : 0 });
      }
    }
    await sleep(GROUP_SYNC_MS + 100);
    for (const veteran of veterans) await syncWithGroup(veteran, 'v-sync');

    const newcomer = await createTaskType('group-lin-c', { ...LINEAR, group });
    await syncWithGroup(newcomer, 'n0');
    const hard = await altShare(newcomer, 'n1', 1);
    // The pool is a new posterior revision: the decision names the policy it was served from.
    expect(hard.policyVersion).not.toBe('1.0');
    // Before any outcome of its own: 'alt' on hard questions, 'base' on easy ones, but for the exploration floor.
    expect(hard.share).toBeGreaterThan(0.95);
    expect((await altShare(newcomer, 'n2', 0)).share).toBeLessThan(0.05);
    // Its own model is its own: no update yet.
    const status = (await call('GET', `/v1/task-types/${newcomer}`)).body;
    expect(Object.values(status.model.updates)).toEqual([0, 0]);
  });

  it('refuse, with a 422, a config that cannot pool with its group: other features or another policy family', async () => {
    const group = { name: `gx-${Date.now().toString(36)}`, priorWeight: 20 };
    await createTaskType('group-x-a', { ...LINEAR, group });
    const otherFeatures = {
      ...LINEAR,
      baselineArmId: 'base',
      group,
      features: [{ name: 'long', kind: 'numeric' }],
    };
    const refused = await call('PUT', `/v1/task-types/${uniqueTaskType('group-x-b')}`, otherFeatures);
    expect(refused.status).toBe(422);
    expect(isProblem(refused)).toBe(true);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['/features']);
    expect(refused.body.errors[0].message).toContain('identical features');
    // A dry run answers what the PUT would.
    const dryRun = await call(
      'PUT',
      `/v1/task-types/${uniqueTaskType('group-x-b')}?dryRun=true`,
      otherFeatures,
    );
    expect(dryRun.status).toBe(422);
    const contextFree = await call('PUT', `/v1/task-types/${uniqueTaskType('group-x-c')}`, {
      ...TWO_ARMS,
      baselineArmId: 'base',
      group,
    });
    expect(contextFree.status).toBe(422);
    expect(contextFree.body.errors.map((e: { path: string }) => e.path)).toEqual(['/group']);
    // The same features join.
    await createTaskType('group-x-d', { ...LINEAR, group });
  });

  it('no longer hold a group to the features of a member that was archived', async () => {
    const group = { name: `ga-${Date.now().toString(36)}`, priorWeight: 20 };
    const archived = await createTaskType('group-arch-a', { ...LINEAR, group });
    expect((await call('DELETE', `/v1/task-types/${archived}`)).status).toBeLessThan(300);
    await createTaskType('group-arch-b', { ...LINEAR, group, features: [{ name: 'long', kind: 'numeric' }] });
  });
});
