import { Health } from '../../../src/contract/health';
import { isPostgresConfigured } from '../../../src/storage/postgres';
import type { Api } from '../../api';
import { mayUse, optionalPrincipal } from '../../middleware/auth';
import { isRateLimitingOn, redisBreaker } from '../../middleware/rate-limit';
import { apiRoute, json, PUBLIC } from '../../openapi/route-kit';
import { directoryOf } from '../../stubs';

const route = apiRoute('get /health', PUBLIC, {
  tag: 'operations',
  summary: 'Liveness and decision-log lag',
  description:
    'Without a key: status and outbox lag only. With an ops key: the stack and failing task types.',
  responses: { 200: json(Health, 'The service is up.') },
});

/**
 * `GET /health`: without a key only up/degraded and the outbox lag (API.md second release:
 * no task type names, no errors); an ops key also sees which task types fail and the stack.
 */
export function registerHealth(app: Api) {
  app.openapi(route, async (c) => {
    const principal = await optionalPrincipal(c);
    const outbox = await directoryOf(c.env).outboxLag();
    const redis = isRateLimitingOn(c.env) ? redisBreaker(c.env).state(Date.now()) : null;
    const degraded = outbox.failing.length > 0 || redis === 'open';
    const summary = {
      status: degraded ? ('degraded' as const) : ('ok' as const),
      outboxLagSeconds: Math.round((outbox.oldestAgeMs ?? 0) / 1000),
    };
    if (!mayUse(principal, 'ops')) return c.json(summary, 200);
    return c.json(
      {
        ...summary,
        time: new Date().toISOString(),
        postgres: isPostgresConfigured(c.env) ? 'configured' : 'not configured',
        rateLimiting: isRateLimitingOn(c.env) ? 'on' : 'off',
        redisBreaker: redis,
        outbox,
      },
      200,
    );
  });
}
