import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, isProblem } from './helpers';

const redisMissing = !env.UPSTASH_REDIS_REST_URL;

describe.skipIf(redisMissing)('rate limiting with Upstash Redis (skipped when REDIS_URL is not set)', () => {
  it('answers 429 with Retry-After once a key spends its limit', async () => {
    const created = await call('POST', '/v1/api-keys', {
      name: 'limited',
      scopes: ['agent'],
      rateLimitPerMinute: 5,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await call(
        'POST',
        '/v1/recommend',
        { taskType: 'no-such-type' },
        { key: created.body.key },
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(isProblem(res)).toBe(true);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
