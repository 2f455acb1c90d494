import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, call, createTaskType, isProblem } from './helpers';

/** A body sent with exactly the content type given (none when undefined), as curl or a bare fetch would. */
async function postWithContentType(path: string, body: string, contentType?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` };
  if (contentType) headers['content-type'] = contentType;
  const res = await SELF.fetch(`http://tuneloop.test${path}`, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}

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

  it('reads a JSON body whatever content type it came with', async () => {
    const body = JSON.stringify({ name: 'curl', scopes: ['read'] });
    for (const contentType of [undefined, 'application/x-www-form-urlencoded', 'text/plain']) {
      const res = await postWithContentType('/v1/api-keys', body, contentType);
      expect(res.status, String(contentType)).toBe(201);
      expect(res.body.scopes).toEqual(['read']);
    }
    const notJson = await postWithContentType(
      '/v1/api-keys',
      'name=curl',
      'application/x-www-form-urlencoded',
    );
    expect(notJson.status).toBe(400);
    expect(notJson.type).toContain('application/problem+json');
  });

  it('names the field that breaks the schema, in a body, a batch and a query', async () => {
    const taskType = await createTaskType('fields');
    const body = await call('POST', '/v1/outcomes', { decisionId: 5 });
    expect(body.status).toBe(422);
    expect(body.body.errors.map((e: { path: string }) => e.path)).toEqual(['/decisionId']);
    const batch = await call('POST', '/v1/outcomes', [
      { decisionId: 'x', quality: 0.5 },
      { decisionId: 'y', quality: 2 },
    ]);
    expect(batch.body.errors[0]).toMatchObject({ path: '/1/quality', value: 2, limit: 1 });
    const query = await call('GET', `/v1/task-types/${taskType}/audit?limit=0`);
    expect(query.status).toBe(422);
    expect(isProblem(query)).toBe(true);
    expect(query.body.errors[0]).toMatchObject({ path: '/limit', limit: 1 });
  });

  it('answers a path that cannot name a task type with 404, after the key is checked', async () => {
    const res = await call('GET', '/v1/task-types/Not_A_Name/audit');
    expect(res.status).toBe(404);
    expect(isProblem(res)).toBe(true);
    expect(res.body.detail).toContain("'Not_A_Name'");
    const anonymous = await call('GET', '/v1/task-types/Not_A_Name/audit', undefined, { key: null });
    expect(anonymous.status).toBe(401);
  });
});
