import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis/cloudflare';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { Env } from '../env';
import { ApiError } from '../problem';

// One limiter per (Redis URL, limit): keys may carry their own limit.
const limiters = new Map<string, Ratelimit>();

export function isRateLimitingOn(env: Env): boolean {
  return Boolean(env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN);
}

function limiterFor(env: Env, perMinute: number): Ratelimit {
  const url = env.UPSTASH_REDIS_REST_URL!;
  const cacheKey = `${url}|${perMinute}`;
  const cached = limiters.get(cacheKey);
  if (cached) return cached;
  const redis = new Redis({
    url,
    token: env.UPSTASH_REDIS_REST_TOKEN!,
    retry: false,
    enableTelemetry: false,
  });
  const ratelimit = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(perMinute, '60 s'),
    prefix: `tuneloop:ratelimit:${perMinute}`,
    // Keys already over the limit are refused from memory, without a Redis round trip.
    ephemeralCache: new Map(),
    timeout: 1000,
    analytics: false,
  });
  limiters.set(cacheKey, ratelimit);
  return ratelimit;
}

/**
 * Per-key rate limit with @upstash/ratelimit when Redis is configured; off otherwise.
 * Redis is an accelerator: when it fails, serve (fail open) unless configured closed.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (!isRateLimitingOn(c.env)) return next();
  const failClosed = c.env.RATE_LIMIT_FAILURE_MODE === 'closed';
  let result: Awaited<ReturnType<Ratelimit['limit']>>;
  try {
    const principal = c.get('principal');
    const perMinute = principal.rateLimitPerMinute ?? Number(c.env.RATE_LIMIT_PER_MINUTE ?? 12_000);
    result = await limiterFor(c.env, perMinute).limit(principal.keyId);
  } catch {
    if (failClosed)
      throw new ApiError('unavailable', 'Rate limiter unavailable.', undefined, { 'retry-after': '1' });
    return next();
  }
  if (result.reason === 'timeout' && failClosed) {
    throw new ApiError('unavailable', 'Rate limiter unavailable.', undefined, { 'retry-after': '1' });
  }
  if (!result.success) {
    const retryAfterS = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
    throw new ApiError(
      'rate_limited',
      `Rate limit of ${result.limit} requests per minute reached.`,
      undefined,
      {
        'retry-after': String(retryAfterS),
      },
    );
  }
  await next();
});
