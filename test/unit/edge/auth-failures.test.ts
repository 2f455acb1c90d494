import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../functions/app-env';
import { requireScope } from '../../../functions/middleware/auth';
import { AUTH_FAILURES_PER_MINUTE } from '../../../functions/middleware/auth-failures';
import { ApiError, problemResponse } from '../../../functions/problem';

/** The app with a key registry double that counts how often it is asked. */
function setup() {
  const calls: string[] = [];
  const registry = {
    getByName: () => ({
      verify: async (hash: string) => {
        calls.push(hash);
        return null;
      },
    }),
  };
  const hono = new Hono<AppEnv>();
  hono.use(async (c, next) => {
    c.set('requestId', 'test');
    await next();
  });
  hono.get('/v1/task-types', requireScope('read'), (c) => c.json({ ok: true }));
  hono.onError((error, c) =>
    problemResponse(c, error instanceof ApiError ? error : new ApiError('internal', 'x')),
  );
  const env = { KEY_REGISTRY: registry, TUNELOOP_ADMIN_KEY: 'admin' };
  const get = (key: string, address: string) =>
    hono.request(
      '/v1/task-types',
      { headers: { authorization: `Bearer ${key}`, 'cf-connecting-ip': address } },
      env,
    );
  return { calls, get };
}

describe('failed authentication', () => {
  it('asks the key registry about one unknown key once, however often it is sent', async () => {
    const { calls, get } = setup();
    for (let i = 0; i < 5; i++) expect((await get('same-bad-key', `10.0.0.${i}`)).status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it('limits failures per client address with 429 and Retry-After, without asking the registry', async () => {
    const { calls, get } = setup();
    for (let i = 0; i < AUTH_FAILURES_PER_MINUTE; i++)
      expect((await get(`random-${i}`, '10.9.9.9')).status).toBe(401);
    const refused = await get('random-next', '10.9.9.9');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(calls).toHaveLength(AUTH_FAILURES_PER_MINUTE);
    // Another address is unaffected, and a known key still passes from the limited one.
    expect((await get('random-other', '10.9.9.10')).status).toBe(401);
    expect((await get('admin', '10.9.9.9')).status).toBe(200);
  });
});
