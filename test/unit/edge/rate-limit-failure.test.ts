import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../functions/app-env';
import { rateLimit } from '../../../functions/middleware/rate-limit';
import { ApiError, problemResponse } from '../../../functions/problem';

// Redis is an accelerator, never the source of truth (DESIGN.md §8): with Redis unreachable
// (nothing listens on port 9 here), the limiter fails open by default and closed on request.
function app() {
  const hono = new Hono<AppEnv>();
  hono.use(async (c, next) => {
    c.set('requestId', 'test');
    c.set('principal', { keyId: 'key_test', name: 'test', scopes: ['agent'] });
    await next();
  });
  hono.post('/v1/recommend', rateLimit, (c) => c.json({ served: true }));
  hono.onError((error, c) =>
    problemResponse(c, error instanceof ApiError ? error : new ApiError('internal', 'x')),
  );
  return hono;
}

const redisDown = { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9', UPSTASH_REDIS_REST_TOKEN: 'token' };

describe('rate limiting when Redis is down', () => {
  it('keeps serving by default (fail open)', async () => {
    const res = await app().request('/v1/recommend', { method: 'POST' }, redisDown);
    expect(res.status).toBe(200);
  });

  it('answers 503 with Retry-After when configured to fail closed', async () => {
    const res = await app().request(
      '/v1/recommend',
      { method: 'POST' },
      { ...redisDown, RATE_LIMIT_FAILURE_MODE: 'closed' },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('is off without Upstash settings', async () => {
    const res = await app().request('/v1/recommend', { method: 'POST' }, {});
    expect(res.status).toBe(200);
  });
});

describe('rate limiting when Redis hangs (a circuit breaker in front of it)', () => {
  it('makes only the first few requests wait for the timeout; the rest are served at once', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    // Accepts connections and never answers: the worst case, each call waits for the timeout.
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    const hanging = { UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${port}`, UPSTASH_REDIS_REST_TOKEN: 'token' };
    try {
      const elapsedMs: number[] = [];
      for (let i = 0; i < 8; i++) {
        const started = performance.now();
        const res = await app().request('/v1/recommend', { method: 'POST' }, hanging);
        elapsedMs.push(performance.now() - started);
        expect(res.status).toBe(200);
      }
      expect(elapsedMs.slice(0, 3).every((ms) => ms >= 900)).toBe(true);
      expect(elapsedMs.slice(3).every((ms) => ms < 100)).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  }, 15_000);
});
