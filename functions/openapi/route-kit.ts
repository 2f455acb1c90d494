import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Scope } from '../../src/contract/api-key';
import { Problem } from '../../src/contract/problem';
import type { AppEnv } from '../app-env';
import { requireScope } from '../middleware/auth';

/*
 * How a route is declared (the document is generated from these declarations, so a route
 * that is not declared this way is neither documented nor validated):
 *
 *   const route = apiRoute({
 *     method: 'get', path: '/v1/task-types/{taskType}/thing', tags: ['task types'], summary: '…',
 *     ...access('read'),                       // or PUBLIC; extra middleware after the key check
 *     request: { params: TaskTypePath, query: ThingQuery, body: jsonBody(ThingRequest) },
 *     responses: { 200: json(ThingResponse, '…'), ...problems(409) },   // schemas from src/contract
 *   });
 *   export function registerThing(app: Api) {
 *     app.openapi(route, async (c) => c.json(await …(c.req.valid('param').taskType), 200));
 *   }
 *
 * Errors are thrown as ApiError (functions/problem.ts); schema failures never reach the handler.
 */

/** What each error status means, as every operation of the document says it. */
const ERROR_MEANING: Record<number, string> = {
  400: 'The body is not JSON.',
  401: 'No API key, or an unknown or revoked one.',
  403: 'The key lacks the scope this route needs.',
  404: 'Unknown task type, decision, key or route.',
  409: 'Conflicts with the current state.',
  410: 'The decision has expired.',
  412: 'If-Match is stale.',
  413: 'The body is over the limit (1 MiB by default).',
  422: 'Valid JSON that breaks the schema or a rule; `errors` lists every violation.',
  429: 'Rate limited; see Retry-After.',
  500: 'Something broke on our side; quote the request id.',
  503: 'Temporarily unable; see Retry-After.',
};

/** A route that needs a key with `scope` (or `ops`): documented, and enforced before anything else runs. */
export function access(scope: Scope, ...after: MiddlewareHandler<AppEnv>[]) {
  return {
    security: [{ apiKey: [scope] }],
    middleware: [requireScope(scope), ...after] as MiddlewareHandler[],
  };
}

/** A route anyone may call. */
export const PUBLIC = { security: [] };

/** A JSON reply of `schema`. */
export function json<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON body of `schema` (sent with any content type: functions/validation.ts). */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** A reply that is not JSON (a page, a JSON Lines file). */
export function text(mediaType: string, description: string, schema: z.ZodType) {
  return { description, content: { [mediaType]: { schema } } };
}

/** problem+json replies for `statuses`. */
export function problems(...statuses: number[]): RouteConfig['responses'] {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: ERROR_MEANING[s] ?? 'Error.',
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );
}

/**
 * `createRoute` plus what every route of its kind answers, so no route file repeats it:
 * 401/403 behind a key, 400/413/422 with a body, 404 under `{taskType}`, 500 always.
 */
export function apiRoute<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P }>(route: R) {
  const scope = (route.security?.[0] as { apiKey?: string[] } | undefined)?.apiKey?.[0];
  const statuses = [500];
  if (scope) statuses.push(401, 403);
  if (route.request?.body) statuses.push(400, 413, 422);
  if (route.path.includes('{taskType}')) statuses.push(404);
  const scopeNote = scope ? `\n\nNeeds a key with the \`${scope}\` scope (or \`ops\`).` : '';
  // Typed as declared: handlers answer the declared successes; errors are thrown as ApiError.
  return createRoute({
    ...route,
    description: (route.description ?? route.summary ?? '') + scopeNote,
    responses: { ...problems(...statuses), ...route.responses },
  } as R);
}

export const TAGS = [
  { name: 'agents', description: 'What LLM apps call around each LLM call.' },
  { name: 'task types', description: 'Configuration and status.' },
  { name: 'rollout', description: 'Phases, budget waivers, audit.' },
  { name: 'evaluation', description: 'Offline evaluation reports.' },
  { name: 'operations', description: 'Keys, health, documents, dashboard.' },
] as const;
