import { describe, expect, it } from 'vitest';
import { call, createTaskType, isProblem, uniqueTaskType } from './helpers';

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('input limits at the edge', () => {
  it('answers 422 naming the depth limit for a context nested 8,000 deep on every body route', async () => {
    const taskType = await createTaskType('limits-deep');
    const bodies: [string, string, string][] = [
      ['POST', '/v1/recommend', `{"taskType":"${taskType}","context":${deep(8000)}}`],
      ['POST', '/v1/outcomes', `{"decisionId":"${taskType}:x","quality":${deep(8000)}}`],
      ['POST', '/v1/outcomes', `[${deep(8000)}]`],
      ['PUT', `/v1/task-types/${taskType}`, deep(8000)],
      ['POST', `/v1/task-types/${taskType}/rollout`, deep(8000)],
    ];
    for (const [method, path, body] of bodies) {
      const res = await call(method, path, body, { raw: true });
      expect(res.status, `${method} ${path}`).toBe(422);
      expect(isProblem(res)).toBe(true);
      expect(res.body.errors[0]).toMatchObject({ limit: 32 });
    }
  });

  it('accepts a context nested within the limit up to the schema (which refuses objects as values)', async () => {
    const taskType = await createTaskType('limits-ok');
    const res = await call('POST', '/v1/recommend', { taskType, context: { a: { b: 1 } } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/context/a');
  });

  it('answers 422 for a context of 65 keys, of more than 16 KiB, or with a string over 1 KiB', async () => {
    const taskType = await createTaskType('limits-context');
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i]));
    const large = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]));
    const cases: [Record<string, unknown>, string, number][] = [
      [many, '/context', 64],
      [large, '/context', 16384],
      [{ prompt: 'x'.repeat(1025) }, '/context/prompt', 1024],
      [{ tags: ['a', 'é'.repeat(600)] }, '/context/tags/1', 1024],
    ];
    for (const [context, path, limit] of cases) {
      const res = await call('POST', '/v1/recommend', { taskType, context });
      expect(res.status).toBe(422);
      expect(isProblem(res)).toBe(true);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path, limit }));
    }
  });

  it('refuses a 1 MB context with 422 rather than storing it', async () => {
    const taskType = await createTaskType('limits-mb');
    const res = await call('POST', '/v1/recommend', { taskType, context: { blob: 'x'.repeat(1_000_000) } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: '/context', limit: 16384 }));
  });

  it('still answers 400 to a body that is not JSON', async () => {
    const res = await call('POST', '/v1/recommend', '{"taskType":', { raw: true });
    expect(res.status).toBe(400);
    expect(isProblem(res)).toBe(true);
  });
});

const armOf = (id: string, temperature: number) => ({
  id,
  params: { model: 'gpt-4o-mini', temperature, maxTokens: 800, topP: 1 },
});

describe('names the patterns refuse', () => {
  it('answers 422 to __proto__ as an arm id, saying a leading _ is refused', async () => {
    const res = await call('PUT', `/v1/task-types/${uniqueTaskType('limits-proto')}`, {
      baselineArmId: 'base',
      arms: [armOf('base', 0.7), armOf('__proto__', 0.6)],
      policy: { kind: 'thompson-gaussian' },
    });
    expect(res.status).toBe(422);
    expect(isProblem(res)).toBe(true);
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ path: '/arms/1/id', message: expect.stringContaining('leading _') }),
    );
  });

  it('answers 422 to __proto__ as a context key rather than dropping it', async () => {
    const res = await call('POST', '/v1/recommend', '{"taskType":"any","context":{"__proto__":1}}', {
      raw: true,
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: '/context/__proto__' }));
  });
});
