import type { Hono } from 'hono';
import { isPostgresConfigured } from '../../../src/storage/postgres';
import type { AppEnv } from '../../app-env';
import { mayUse, optionalPrincipal } from '../../middleware/auth';
import { isRateLimitingOn, redisBreaker } from '../../middleware/rate-limit';
import { directoryOf } from '../../stubs';

/**
 * `GET /health`: without a key only up/degraded and the outbox lag (API.md second release:
 * no task type names, no errors); an ops key also sees which task types fail and the stack.
 */
export function registerHealth(app: Hono<AppEnv>) {
  app.get('/health', async (c) => {
    const principal = await optionalPrincipal(c);
    const outbox = await directoryOf(c.env).outboxLag();
    const redis = isRateLimitingOn(c.env) ? redisBreaker(c.env).state(Date.now()) : null;
    const degraded = outbox.failing.length > 0 || redis === 'open';
    const summary = {
      status: degraded ? ('degraded' as const) : ('ok' as const),
      outboxLagSeconds: Math.round((outbox.oldestAgeMs ?? 0) / 1000),
    };
    if (!mayUse(principal, 'ops')) return c.json(summary);
    return c.json({
      ...summary,
      time: new Date().toISOString(),
      postgres: isPostgresConfigured(c.env) ? 'configured' : 'not configured',
      rateLimiting: isRateLimitingOn(c.env) ? 'on' : 'off',
      redisBreaker: redis,
      outbox,
    });
  });
}
