import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, isProblem } from './helpers';

const redisMissing = !env.UPSTASH_REDIS_REST_URL;

async function limitedKey(scopes: string[], rateLimitPerMinute: number): Promise<string> {
  const created = await call('POST', '/v1/api-keys', { name: 'limited', scopes, rateLimitPerMinute });
  return created.body.key;
}

describe.skipIf(redisMissing)('rate limiting with Upstash Redis (skipped when REDIS_URL is not set)', () => {
  it('answers 429 with Retry-After once a key spends its limit', async () => {
    const key = await limitedKey(['agent'], 5);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await call('POST', '/v1/recommend', { taskType: 'no-such-type' }, { key });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(isProblem(res)).toBe(true);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.headers.get('ratelimit-remaining')).toBe('0');
      }
    }
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('limits every keyed route, not only recommend and outcomes, and says so in RateLimit-* headers', async () => {
    const key = await limitedKey(['read'], 3);
    const first = await call('GET', '/v1/task-types', undefined, { key });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    const reset = Number(first.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    // An error answer counts too, and carries the headers.
    const missing = await call('GET', '/v1/task-types/no-such-type', undefined, { key });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('ratelimit-remaining')).toBe('1');
    await call('GET', '/v1/task-types/no-such-type/audit', undefined, { key });
    const refused = await call('GET', '/v1/task-types', undefined, { key });
    expect(refused.status).toBe(429);
    expect(isProblem(refused)).toBe(true);
  });
});
