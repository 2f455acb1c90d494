import { bodyLimit } from 'hono/body-limit';
import { WARM_START_BODY_LIMIT_BYTES } from '../src/contract/warm-start';
import { createApi } from './api';
import { registerDashboard } from './dashboard';
import { jsonBodyLimits } from './middleware/json-body';
import { registerOpenApi } from './openapi';
import { ApiError, fromHttpException, HTTPException, problemResponse } from './problem';
import { registerRevokeApiKey } from './routes/api-keys/delete';
import { registerListApiKeys } from './routes/api-keys/list';
import { registerCreateApiKey } from './routes/api-keys/post';
import { registerRotateApiKey } from './routes/api-keys/rotate';
import { registerAudit } from './routes/audit/get';
import { registerBudgetWaiver } from './routes/budget/post-waiver';
import { registerEvaluations } from './routes/evaluations/routes';
import { registerBenchBaseline } from './routes/health/bench';
import { registerHealth } from './routes/health/get';
import { registerKillSwitch } from './routes/kill-switch/routes';
import { registerMetrics } from './routes/metrics/get';
import { registerOutboxRetry } from './routes/outbox/retry';
import { registerOutcomes } from './routes/outcomes/post';
import { registerPolicySnapshot } from './routes/policy-snapshot/get';
import { registerRecommend } from './routes/recommend/post';
import { registerRollout } from './routes/rollout/post';
import { registerSavings } from './routes/savings/get';
import { registerExportDecisions } from './routes/task-types/decisions';
import { registerArchiveTaskType } from './routes/task-types/delete';
import { registerGetTaskTypes } from './routes/task-types/get';
import { registerPutTaskType } from './routes/task-types/put';
import { registerTimeSeries } from './routes/task-types/timeseries';
import { registerWarmStart } from './routes/warm-start/post';
import { jsonContentType } from './validation';

const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** API.md: the body limit is 1 MiB, except a warm start's 8 MiB. */
const isWarmStart = (method: string, path: string) =>
  method === 'POST' && /^\/v1\/task-types\/[^/]+\/warm-start$/.test(path);

/**
 * The edge app: request id, body limit, JSON bodies whatever their content type, routes that
 * document themselves (functions/openapi), and one error path to problem+json.
 */
export function createApp() {
  const app = createApi();

  app.use(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 100) || crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    c.header('x-request-id', requestId);
  });
  app.use(async (c, next) => {
    const maxSize = isWarmStart(c.req.method, c.req.path)
      ? WARM_START_BODY_LIMIT_BYTES
      : Number(c.env.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES);
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError('payload_too_large', `The body exceeds ${maxSize} bytes.`);
      },
    })(c, next);
  });
  app.use(jsonContentType);

  // Before any route: a body nested 8,000 deep must be refused before zod recurses into it.
  app.use(jsonBodyLimits);

  registerHealth(app);
  registerBenchBaseline(app);
  registerPutTaskType(app);
  registerGetTaskTypes(app);
  registerArchiveTaskType(app);
  registerExportDecisions(app);
  registerRecommend(app);
  registerOutcomes(app);
  registerCreateApiKey(app);
  registerRevokeApiKey(app);
  registerListApiKeys(app);
  registerRotateApiKey(app);
  registerOpenApi(app);
  registerDashboard(app);
  registerBudgetWaiver(app);
  registerEvaluations(app);
  registerRollout(app);
  registerOutboxRetry(app);
  registerAudit(app);
  registerKillSwitch(app);
  registerMetrics(app);
  registerWarmStart(app);
  registerSavings(app);
  registerPolicySnapshot(app);
  registerTimeSeries(app);

  app.notFound((c) =>
    problemResponse(c, new ApiError('not_found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`)),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return problemResponse(c, error);
    if (error instanceof HTTPException) return problemResponse(c, fromHttpException(error));
    console.error(
      JSON.stringify({ requestId: c.get('requestId'), error: String(error), stack: (error as Error).stack }),
    );
    return problemResponse(
      c,
      new ApiError('internal', 'Something went wrong on our side; the request id helps us find it.'),
    );
  });
  return app;
}
