import { describe, expect, it } from 'vitest';
import { arm, call, createTaskType, uniqueTaskType } from './helpers';

const config = (arms = [arm('base'), arm('cool', 0.5)]) => ({
  baselineArmId: 'base',
  arms,
  policy: { kind: 'thompson-gaussian' },
  rollout: { phase: 'general' },
});

describe('PUT /v1/task-types/{taskType}?dryRun=true', () => {
  it('on a new name shows the whole config as the change and creates nothing', async () => {
    const name = uniqueTaskType('dry-new');
    const res = await call('PUT', `/v1/task-types/${name}?dryRun=true`, config());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, currentVersion: null, resetArms: [] });
    expect(res.body.changes).toHaveLength(1);
    expect(res.body.changes[0]).toMatchObject({ path: '', from: null });
    expect((await call('GET', `/v1/task-types/${name}`)).status).toBe(404);
  });

  it('on a replace lists each changed leaf and the arms it would reset, and stores nothing', async () => {
    const name = await createTaskType('dry-change', config());
    const res = await call(
      'PUT',
      `/v1/task-types/${name}?dryRun=true`,
      config([arm('base'), arm('cool', 0.6)]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, currentVersion: 1, resetArms: ['cool'] });
    expect(res.body.changes).toEqual([{ path: '/arms/1/params/temperature', from: 0.5, to: 0.6 }]);
    const status = await call('GET', `/v1/task-types/${name}`);
    expect(status.body.version).toBe(1);
    expect(status.body.config.arms[1].params.temperature).toBe(0.5);
    const audit = await call('GET', `/v1/task-types/${name}/audit`);
    expect(audit.body.events.map((e: { kind: string }) => e.kind)).not.toContain('config-changed');
  });

  it('answers the 412 and 409 a real PUT would get', async () => {
    const name = await createTaskType('dry-refused', config());
    const stale = await call('PUT', `/v1/task-types/${name}?dryRun=true`, config(), {
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    const phase = await call('PUT', `/v1/task-types/${name}?dryRun=true`, {
      ...config(),
      rollout: { phase: 'canary' },
    });
    expect(phase.status).toBe(409);
  });

  it('answers the 422 a real PUT would get, naming the arm by id and by pointer', async () => {
    const res = await call(
      'PUT',
      `/v1/task-types/${uniqueTaskType('dry-422')}?dryRun=true`,
      config([arm('base'), arm('hot', 1.0)]),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/arms/1/params/temperature');
    expect(res.body.errors[0].message).toContain("arm 'hot'");
  });
});
