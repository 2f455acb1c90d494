import type { Hono } from 'hono';
import { isPostgresConfigured } from '../../../src/storage/postgres';
import type { AppEnv } from '../../app-env';
import { isRateLimitingOn } from '../../middleware/rate-limit';
import { directoryOf } from '../../stubs';

/** `GET /health` (no auth): liveness plus how far the decision log lags behind. */
export function registerHealth(app: Hono<AppEnv>) {
  app.get('/health', async (c) => {
    const outbox = await directoryOf(c.env).outboxLag();
    return c.json({
      status: 'ok',
      time: new Date().toISOString(),
      postgres: isPostgresConfigured(c.env) ? 'configured' : 'not configured',
      rateLimiting: isRateLimitingOn(c.env) ? 'on' : 'off',
      outbox,
    });
  });
}
