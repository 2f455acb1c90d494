import { createHash, randomBytes } from 'node:crypto';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstashBridge } from '../../scripts/stack/upstash-bridge.mjs';
import { findRedisUrl } from './reachable.mjs';

describe('Upstash REST bridge start-up', () => {
  it('fails with a clear message when Redis is unreachable', async () => {
    await expect(startUpstashBridge({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(
      /cannot reach Redis/,
    );
  });
});

const redisUrl = await findRedisUrl();
// Keys under a per-run prefix: the machine's Redis is shared with other runs.
const prefix = `tuneloop-test:${randomBytes(4).toString('hex')}`;

describe.skipIf(!redisUrl)('Upstash REST bridge (needs REDIS_URL or Redis on 127.0.0.1:6379)', () => {
  /** @type {Awaited<ReturnType<typeof startUpstashBridge>>} */
  let bridge;
  /** @type {Redis} */
  let redis;

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: /** @type {string} */ (redisUrl) });
    redis = new Redis({ url: bridge.url, token: bridge.token });
  });

  afterAll(async () => {
    if (redis) {
      const [, keys] = await redis.scan(0, { match: `${prefix}:*`, count: 1000 });
      if (keys.length > 0) await redis.del(...keys);
    }
    await bridge?.stop();
  });

  const raw = (/** @type {string} */ path, /** @type {unknown} */ body, headers = {}) =>
    fetch(`${bridge.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, ...headers },
      body: JSON.stringify(body),
    });

  it('answers 401 without the right token', async () => {
    const none = await fetch(bridge.url, { method: 'POST', body: '["PING"]' });
    const wrong = await fetch(bridge.url, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: '["PING"]',
    });
    expect(none.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'Unauthorized' });
  });

  it('sets, gets and increments through @upstash/redis, non-ASCII and JSON values intact', async () => {
    await redis.set(`${prefix}:text`, 'héllo ✓ 日本', { ex: 60 });
    await redis.set(`${prefix}:json`, { arm: 'b', weight: 0.25 }, { ex: 60 });
    expect(await redis.get(`${prefix}:text`)).toBe('héllo ✓ 日本');
    expect(await redis.get(`${prefix}:json`)).toEqual({ arm: 'b', weight: 0.25 });
    expect(await redis.get(`${prefix}:missing`)).toBeNull();
    expect(await redis.incr(`${prefix}:count`)).toBe(1);
    expect(await redis.incrby(`${prefix}:count`, 41)).toBe(42);
  });

  it('keeps RESP2 reply shapes (hash as object, flat WITHSCORES) like Upstash', async () => {
    await redis.hset(`${prefix}:hash`, { a: 1, b: 'two' });
    await redis.zadd(`${prefix}:zset`, { score: 1.5, member: 'x' }, { score: 3, member: 'y' });
    expect(await redis.hgetall(`${prefix}:hash`)).toEqual({ a: 1, b: 'two' });
    expect(await redis.zrange(`${prefix}:zset`, 0, -1, { withScores: true })).toEqual(['x', 1.5, 'y', 3]);
  });

  it('runs a pipeline, reporting a failing command in place', async () => {
    const results = await redis
      .pipeline()
      .set(`${prefix}:p`, 'not a number')
      .incr(`${prefix}:p`)
      .get(`${prefix}:p`)
      .exec({ keepErrors: true });
    expect(results.map((r) => r.error ?? r.result)).toEqual([
      'OK',
      expect.stringMatching(/^ERR /),
      'not a number',
    ]);
  });

  it('runs a transaction atomically', async () => {
    const results = await redis.multi().set(`${prefix}:m`, 5).incr(`${prefix}:m`).get(`${prefix}:m`).exec();
    expect(results).toEqual(['OK', 6, 6]);
  });

  it('answers Redis errors with 400 and the Redis message, unencoded', async () => {
    const res = await raw('/', ['INCRBY', `${prefix}:x`, 'not-a-number'], { 'upstash-encoding': 'base64' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^ERR value is not an integer/) });
  });

  it('base64-encodes every string in a result, nested too, only when asked', async () => {
    const script = "return {1, 'a', {2, 'bé'}}";
    const encoded = await (await raw('/', ['EVAL', script, '0'], { 'upstash-encoding': 'base64' })).json();
    const plain = await (await raw('/', ['eval', script, '0'])).json();
    const b64 = (/** @type {string} */ s) => Buffer.from(s).toString('base64');
    expect(encoded).toEqual({ result: [1, b64('a'), [2, b64('bé')]] });
    expect(plain).toEqual({ result: [1, 'a', [2, 'bé']] });
  });

  it('loads scripts and runs them by SHA; an unknown SHA fails with NOSCRIPT', async () => {
    const script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
    const sha = await redis.scriptLoad(script);
    expect(await redis.evalsha(sha, [`${prefix}:lua`], [3])).toBe(3);
    expect(await redis.eval(script, [`${prefix}:lua`], [4])).toBe(7);
    await expect(redis.evalsha('0'.repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });

  it("accepts Upstash-only script flags and keeps the caller's SHA", async () => {
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCR', KEYS[1])";
    const sha = await redis.scriptLoad(script);
    expect(sha).toBe(createHash('sha1').update(script).digest('hex'));
    expect(await redis.evalsha(sha, [`${prefix}:flagged`], [])).toBe(1);
    expect(await redis.eval(script, [`${prefix}:flagged`], [])).toBe(2);
  });

  it('limits with @upstash/ratelimit sliding window, falling back to EVAL when scripts are flushed', async () => {
    await raw('/', ['SCRIPT', 'FLUSH']); // forces the EVALSHA → NOSCRIPT → EVAL path
    const limiter = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(3, '10 s'),
      prefix: `${prefix}:rl`,
      ephemeralCache: false, // every call must reach Redis
    });
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      const { success, remaining } = await limiter.limit('key-1');
      outcomes.push({ success, remaining });
    }
    const other = await limiter.limit('key-2');
    expect(outcomes).toEqual([
      { success: true, remaining: 2 },
      { success: true, remaining: 1 },
      { success: true, remaining: 0 },
      { success: false, remaining: 0 },
    ]);
    expect(other.success).toBe(true);
  });

  it('serves the GET path form', async () => {
    const auth = { authorization: `Bearer ${bridge.token}` };
    await fetch(`${bridge.url}/set/${prefix}:path/v%201`, { headers: auth });
    const res = await fetch(`${bridge.url}/get/${prefix}:path`, { headers: auth });
    expect(await res.json()).toEqual({ result: 'v 1' });
  });

  it('refuses commands that would change the shared connection', async () => {
    const res = await raw('/', ['SELECT', '2']);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not supported/);
  });
});
