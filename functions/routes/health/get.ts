import { Health } from '../../../src/contract/health';
import { isPostgresConfigured } from '../../../src/storage/postgres';
import type { Api } from '../../api';
import { isRateLimitingOn } from '../../middleware/rate-limit';
import { apiRoute, json, PUBLIC } from '../../openapi/route-kit';
import { directoryOf } from '../../stubs';

const route = apiRoute({
  method: 'get',
  path: '/health',
  tags: ['operations'],
  summary: 'Liveness and decision-log lag',
  ...PUBLIC,
  responses: { 200: json(Health, 'The service is up.') },
});

/** `GET /health` (no auth): liveness plus how far the decision log lags behind. */
export function registerHealth(app: Api) {
  app.openapi(route, async (c) => {
    const outbox = await directoryOf(c.env).outboxLag();
    return c.json(
      {
        status: 'ok' as const,
        time: new Date().toISOString(),
        postgres: isPostgresConfigured(c.env) ? 'configured' : 'not configured',
        rateLimiting: isRateLimitingOn(c.env) ? 'on' : 'off',
        outbox,
      },
      200,
    );
  });
}
