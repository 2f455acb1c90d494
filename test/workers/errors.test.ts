import { describe, expect, it } from 'vitest';
import { call, createTaskType, isProblem } from './helpers';

describe('errors are problem+json, never 5xx', () => {
  it('answers 401 without a key and with an unknown key', async () => {
    for (const key of [null, 'tl_unknown']) {
      const res = await call('GET', '/v1/task-types', undefined, { key });
      expect(res.status).toBe(401);
      expect(isProblem(res)).toBe(true);
      expect(typeof res.body.requestId).toBe('string');
    }
  });

  it('answers 403 when the key lacks the scope', async () => {
    const created = await call('POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    const res = await call('POST', '/v1/recommend', { taskType: 'x' }, { key: created.body.key });
    expect(res.status).toBe(403);
    expect(isProblem(res)).toBe(true);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await call('POST', '/v1/recommend', '{', { raw: true });
    expect(res.status).toBe(400);
    expect(isProblem(res)).toBe(true);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await call('POST', '/v1/outcomes', JSON.stringify({ decisionId: 'x'.repeat(1_100_000) }), {
      raw: true,
    });
    expect(res.status).toBe(413);
    expect(isProblem(res)).toBe(true);
  });

  it('answers 404 for an unknown route', async () => {
    const res = await call('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(isProblem(res)).toBe(true);
  });

  it('survives hostile bodies on every write route with a 4xx', async () => {
    const taskType = await createTaskType('hostile');
    const bodies: unknown[] = [
      null,
      [],
      42,
      'text',
      { taskType: null },
      { taskType, context: [] },
      { taskType, context: { a: Number.MAX_VALUE }, seed: 1e300 },
      { taskType, requestId: '' },
      { taskType: '../../etc', context: {} },
      { decisionId: 5 },
      [{ decisionId: 'x', quality: 2 }],
      Array.from({ length: 1001 }, () => ({ decisionId: 'x', quality: 0.5 })),
      { baselineArmId: 'a', arms: 'many' },
      {
        baselineArmId: 'a',
        arms: [{ id: 'a', params: { model: 'm', temperature: '0.7', maxTokens: 1.5 } }],
        policy: {},
      },
    ];
    const routes: Array<[string, string]> = [
      ['POST', '/v1/recommend'],
      ['POST', '/v1/outcomes'],
      ['PUT', `/v1/task-types/${taskType}-hostile`],
      ['POST', '/v1/api-keys'],
    ];
    for (const [method, path] of routes) {
      for (const body of bodies) {
        const res = await call(method, path, body);
        expect(res.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`).toBeGreaterThanOrEqual(
          400,
        );
        expect(res.status).toBeLessThan(500);
        expect(isProblem(res)).toBe(true);
      }
    }
  });
});
