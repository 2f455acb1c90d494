import { describe, expect, it } from 'vitest';
import { call, createTaskType } from './helpers';

describe('DELETE /v1/task-types/{taskType} (archive)', () => {
  it('makes recommend 404 and outcomes 410, keeps the log exportable, and lists it as archived', async () => {
    const taskType = await createTaskType('archive');
    const rec = await call('POST', '/v1/recommend', { taskType, context: {} });
    expect(rec.status).toBe(200);
    const archived = await call('DELETE', `/v1/task-types/${taskType}`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ taskType, archived: true, incarnation: 1 });

    expect((await call('POST', '/v1/recommend', { taskType, context: {} })).status).toBe(404);
    const late = await call('POST', '/v1/outcomes', { decisionId: rec.body.decisionId, quality: 0.5 });
    expect(late.status).toBe(410);

    const exported = await call('GET', `/v1/task-types/${taskType}/decisions`);
    expect(exported.status).toBe(200);
    expect(exported.text).toContain(rec.body.decisionId);

    const live = await call('GET', '/v1/task-types');
    expect(live.body.taskTypes.map((t: { taskType: string }) => t.taskType)).not.toContain(taskType);
    const gone = await call('GET', '/v1/task-types?archived=true');
    expect(gone.body.taskTypes).toContainEqual(expect.objectContaining({ taskType, archived: true }));
    expect((await call('DELETE', `/v1/task-types/${taskType}`)).status).toBe(404);
  });

  it('appends a task-type-archived audit event naming the actor and the incarnation ended', async () => {
    const taskType = await createTaskType('archive-audit');
    const before = await call('GET', `/v1/task-types/${taskType}/audit`);
    expect(before.body.events.map((e: { kind: string }) => e.kind)).not.toContain('task-type-archived');
    expect((await call('DELETE', `/v1/task-types/${taskType}`)).status).toBe(200);
    const after = await call('GET', `/v1/task-types/${taskType}/audit`);
    expect(after.status).toBe(200);
    const [newest] = after.body.events;
    expect(newest).toMatchObject({ kind: 'task-type-archived', details: { incarnation: 1 } });
    expect(newest.actor).toMatch(/\(.+\)$/);
    // chained like every other event: the object's copy and Postgres's both verify
    const verified = await call('GET', `/v1/task-types/${taskType}/audit/verify`);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('exports each decision with the incarnation that issued it', async () => {
    const taskType = await createTaskType('incarnation-export');
    const first = await call('POST', '/v1/recommend', { taskType, context: {} });
    await call('DELETE', `/v1/task-types/${taskType}`);
    await call('PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'base',
      arms: [{ id: 'base', params: { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 800 } }],
      policy: { kind: 'thompson-gaussian' },
    });
    const second = await call('POST', '/v1/recommend', { taskType, context: {} });
    const exported = await call('GET', `/v1/task-types/${taskType}/decisions`);
    expect(exported.status).toBe(200);
    const lines = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const incarnationOf = (id: string) => lines.find((l) => l.decisionId === id)?.incarnation;
    expect(incarnationOf(first.body.decisionId)).toBe(1);
    expect(incarnationOf(second.body.decisionId)).toBe(2);
  });

  it('lets a later PUT start a new incarnation: old decision ids stay 410, new ones work', async () => {
    const taskType = await createTaskType('reincarnate');
    const old = await call('POST', '/v1/recommend', { taskType, context: {} });
    await call('DELETE', `/v1/task-types/${taskType}`);
    const again = await call('PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'base',
      arms: [{ id: 'base', params: { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 800 } }],
      policy: { kind: 'thompson-gaussian' },
    });
    expect(again.status).toBe(201);
    expect(again.body.version).toBe(1);
    const fresh = await call('POST', '/v1/recommend', { taskType, context: {} });
    expect(fresh.status).toBe(200);
    expect((await call('POST', '/v1/outcomes', { decisionId: old.body.decisionId, quality: 1 })).status).toBe(
      410,
    );
    expect(
      (await call('POST', '/v1/outcomes', { decisionId: fresh.body.decisionId, quality: 1 })).status,
    ).toBe(200);
    const status = await call('GET', `/v1/task-types/${taskType}`);
    expect(status.body.arms.map((a: { armId: string }) => a.armId)).toEqual(['base']);
    const archivedList = await call('GET', '/v1/task-types?archived=true');
    expect(archivedList.body.taskTypes.map((t: { taskType: string }) => t.taskType)).not.toContain(taskType);
  });

  it('answers 404 for a task type that does not exist, and is for ops keys only', async () => {
    expect((await call('DELETE', '/v1/task-types/never-was')).status).toBe(404);
    const reader = await call('POST', '/v1/api-keys', { name: 'archiver', scopes: ['read'] });
    const taskType = await createTaskType('archive-auth');
    expect(
      (await call('DELETE', `/v1/task-types/${taskType}`, undefined, { key: reader.body.key })).status,
    ).toBe(403);
  });
});
