import { describe, expect, it } from 'vitest';
import { arm, call, createTaskType, isProblem, uniqueTaskType } from './helpers';

const config = (arms = [arm('base'), arm('cool', 0.5)]) => ({
  baselineArmId: 'base',
  arms,
  policy: { kind: 'thompson-gaussian' },
});

describe('PUT /v1/task-types/{taskType}', () => {
  it('creates with 201 and version 1, replaces with 200 and version 2', async () => {
    const name = uniqueTaskType('tt');
    const created = await call('PUT', `/v1/task-types/${name}`, config());
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    expect(created.body.phase).toBe('shadow');
    const replaced = await call('PUT', `/v1/task-types/${name}`, config([arm('base'), arm('cool', 0.55)]));
    expect(replaced.status).toBe(200);
    expect(replaced.body.version).toBe(2);
    expect(replaced.body.resetArms).toEqual(['cool']);
  });

  it('answers 412 for a stale If-Match and accepts the current one', async () => {
    const name = await createTaskType('ifmatch');
    const stale = await call('PUT', `/v1/task-types/${name}`, config(), { headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
    expect(isProblem(stale)).toBe(true);
    const fresh = await call('PUT', `/v1/task-types/${name}`, config(), { headers: { 'if-match': '"1"' } });
    expect(fresh.status).toBe(200);
  });

  it('answers 409 naming the current phase when a replace asks for another phase', async () => {
    const name = await createTaskType('phase');
    const res = await call('PUT', `/v1/task-types/${name}`, { ...config(), rollout: { phase: 'canary' } });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('general');
  });

  it('refuses a config with two arms outside the trust region, naming both', async () => {
    const res = await call(
      'PUT',
      `/v1/task-types/${uniqueTaskType('trust')}`,
      config([arm('base'), arm('hot', 1.0), arm('long', 0.7, 1200)]),
    );
    expect(res.status).toBe(422);
    expect(isProblem(res)).toBe(true);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(['/arms/1/params/temperature', '/arms/2/params/maxTokens']);
    expect(res.body.errors[0]).toMatchObject({ value: 1.0, limit: 0.2 });
  });

  it('treats 0.9 − 0.7 as inside a 0.2 trust region', async () => {
    const res = await call(
      'PUT',
      `/v1/task-types/${uniqueTaskType('float')}`,
      config([arm('base', 0.7), arm('warm', 0.9)]),
    );
    expect(res.status).toBe(201);
  });

  it('lists every hard-limit violation with path, value and limit', async () => {
    const bad = {
      id: 'bad',
      params: { model: 'gpt-4o-mini', temperature: 2.5, maxTokens: 0, topP: 0, frequencyPenalty: 3 },
    };
    const res = await call('PUT', `/v1/task-types/${uniqueTaskType('hard')}`, {
      ...config([arm('base'), bad]),
      trustRegion: { maxTemperatureDelta: 2, maxTokensDelta: 100000 },
    });
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual([
      '/arms/1/params/frequencyPenalty',
      '/arms/1/params/maxTokens',
      '/arms/1/params/temperature',
      '/arms/1/params/topP',
    ]);
  });

  it('refuses a baseline that is not an arm, duplicate arm ids and unknown fields', async () => {
    const res = await call('PUT', `/v1/task-types/${uniqueTaskType('arms')}`, {
      ...config([arm('base'), arm('base', 0.6)]),
      baselineArmId: 'nope',
    });
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/arms/1/id');
    expect(paths).toContain('/baselineArmId');
    const typo = await call('PUT', `/v1/task-types/${uniqueTaskType('typo')}`, { ...config(), polcy: {} });
    expect(typo.status).toBe(422);
  });

  it('refuses an unknown policy kind, naming the field', async () => {
    const res = await call('PUT', `/v1/task-types/${uniqueTaskType('kind')}`, {
      ...config(),
      policy: { kind: 'epsilon-greedy' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/policy/kind');
  });

  it('refuses a policy field of another kind, naming it', async () => {
    const res = await call('PUT', `/v1/task-types/${uniqueTaskType('foreign')}`, {
      ...config(),
      policy: { kind: 'thompson-gaussian', alpha: 1 },
    });
    expect(res.status).toBe(422);
    expect(isProblem(res)).toBe(true);
    expect(res.body.errors).toEqual([
      {
        path: '/policy',
        message: '"alpha" does not apply to policy kind thompson-gaussian',
        value: { kind: 'thompson-gaussian', alpha: 1 },
      },
    ]);
  });

  it('generates arms from an armGrid inside the trust region', async () => {
    const res = await call('PUT', `/v1/task-types/${uniqueTaskType('grid')}`, {
      ...config([arm('base')]),
      armGrid: { temperatureOffsets: [-0.2, 0.1, 0.5], maxTokensOffsets: [-100] },
    });
    expect(res.status).toBe(201);
    // (ΔT, ΔM) ∈ {0, −0.2, 0.1} × {0, −100} without (0, 0); +0.5 is outside the 0.2 region.
    expect(res.body.config.arms.map((a: { id: string }) => a.id)).toEqual([
      'base',
      'grid_t0_m-100',
      'grid_t-0.2_m0',
      'grid_t-0.2_m-100',
      'grid_t+0.1_m0',
      'grid_t+0.1_m-100',
    ]);
  });

  it('answers 404 for a name that cannot be a task type', async () => {
    const res = await call('PUT', '/v1/task-types/Bad_Name', config());
    expect(res.status).toBe(404);
    expect(isProblem(res)).toBe(true);
  });
});

describe('GET /v1/task-types', () => {
  it('returns the config, phase, share and per-arm statistics', async () => {
    const name = await createTaskType('get');
    const res = await call('GET', `/v1/task-types/${name}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ taskType: name, version: 1, phase: 'general', share: 1, frozen: false });
    expect(res.body.arms.map((a: { armId: string }) => a.armId)).toEqual(['base', 'cool', 'short', 'warm']);
    expect(res.body.config.policy).toMatchObject({ kind: 'thompson-gaussian', epsilon: 0.05, draws: 1000 });
  });

  it('lists the task types that exist', async () => {
    const name = await createTaskType('list');
    const res = await call('GET', '/v1/task-types');
    expect(res.status).toBe(200);
    expect(res.body.taskTypes.map((t: { taskType: string }) => t.taskType)).toContain(name);
  });

  it('answers 404 problem+json for an unknown task type', async () => {
    const res = await call('GET', `/v1/task-types/${uniqueTaskType('missing')}`);
    expect(res.status).toBe(404);
    expect(isProblem(res)).toBe(true);
  });
});
