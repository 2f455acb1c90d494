import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis/cloudflare';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { Env } from '../env';
import { ApiError } from '../problem';
import { CircuitBreaker } from './circuit-breaker';

// One limiter per (Redis URL, limit): keys may carry their own limit.
const limiters = new Map<string, Ratelimit>();
// One breaker per Redis URL and isolate: with Redis down, requests skip it at once.
const breakers = new Map<string, CircuitBreaker>();
// Requests already counted: the limit holds per request, however many routes' chains call it.
const counted = new WeakSet<Request>();

/** How long one limiter call may wait on Redis before the request is served without it, ms. */
const REDIS_TIMEOUT_MS = 1000;

export function isRateLimitingOn(env: Env): boolean {
  return Boolean(env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN);
}

/** The breaker in front of this environment's Redis (exported for /health and tests). */
export function redisBreaker(env: Env): CircuitBreaker {
  const url = env.UPSTASH_REDIS_REST_URL ?? '';
  let breaker = breakers.get(url);
  if (!breaker) {
    breaker = new CircuitBreaker();
    breakers.set(url, breaker);
  }
  return breaker;
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
    timeout: REDIS_TIMEOUT_MS,
    analytics: false,
  });
  limiters.set(cacheKey, ratelimit);
  return ratelimit;
}

/** A limiter's answer as data (ratelimit-js' shape); `unavailable` when Redis was skipped or failed. */
export type LimitOutcome =
  | { kind: 'counted'; success: boolean; limit: number; remaining: number; resetMs: number }
  | { kind: 'unavailable' };

/** Counts one request of `identifier` against `perMinute`, through the Redis breaker. */
export async function countRequest(env: Env, identifier: string, perMinute: number): Promise<LimitOutcome> {
  const breaker = redisBreaker(env);
  if (!breaker.allow(Date.now())) return { kind: 'unavailable' };
  try {
    const result = await limiterFor(env, perMinute).limit(identifier);
    // ratelimit-js answers success on a timeout: for the breaker that is a failure.
    if (result.reason === 'timeout') {
      breaker.failed(Date.now());
      return { kind: 'unavailable' };
    }
    breaker.succeeded();
    return {
      kind: 'counted',
      success: result.success,
      limit: result.limit,
      remaining: Math.max(0, result.remaining),
      resetMs: result.reset,
    };
  } catch {
    breaker.failed(Date.now());
    return { kind: 'unavailable' };
  }
}

/** `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds from now), API.md "Operations". */
export function rateLimitHeaders(limit: number, remaining: number, resetMs: number, nowMs: number) {
  return {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(Math.max(0, Math.ceil((resetMs - nowMs) / 1000))),
  };
}

/**
 * Per-key rate limit (sliding window in Redis) for the authenticated principal: 429 with
 * Retry-After and RateLimit-* when spent; RateLimit-* on every response it counted. Redis is
 * an accelerator: when it fails or its breaker is open, serve (fail open) unless configured
 * closed. Counts each request once, however many times it is mounted in the chain.
 */
export async function enforceKeyRateLimit(c: Context<AppEnv>, next: () => Promise<void>): Promise<void> {
  if (!isRateLimitingOn(c.env) || counted.has(c.req.raw)) return next();
  counted.add(c.req.raw);
  const principal = c.get('principal');
  const perMinute = principal.rateLimitPerMinute ?? Number(c.env.RATE_LIMIT_PER_MINUTE ?? 12_000);
  const outcome = await countRequest(c.env, principal.keyId, perMinute);
  if (outcome.kind === 'unavailable') {
    if (c.env.RATE_LIMIT_FAILURE_MODE === 'closed')
      throw new ApiError('unavailable', 'Rate limiter unavailable.', undefined, { 'retry-after': '1' });
    return next();
  }
  const nowMs = Date.now();
  const headers = rateLimitHeaders(outcome.limit, outcome.remaining, outcome.resetMs, nowMs);
  if (!outcome.success) {
    const retryAfterS = Math.max(1, Math.ceil((outcome.resetMs - nowMs) / 1000));
    throw new ApiError(
      'rate_limited',
      `Rate limit of ${outcome.limit} requests per minute reached.`,
      undefined,
      {
        ...headers,
        'retry-after': String(retryAfterS),
      },
    );
  }
  await next();
  setHeaders(c, headers);
}

/** Sets headers on the response already made (a copy when its headers are immutable). */
function setHeaders(c: Context<AppEnv>, headers: Record<string, string>): void {
  try {
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  }
}

/** The per-key limit as a middleware (requireScope already applies it to every keyed route). */
export const rateLimit = createMiddleware<AppEnv>(enforceKeyRateLimit);
