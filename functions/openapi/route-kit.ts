import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Scope } from '../../src/contract/api-key';
import { Problem } from '../../src/contract/problem';
import { TaskTypePath } from '../../src/contract/task-type';
import type { AppEnv } from '../app-env';
import { requireScope } from '../middleware/auth';

/*
 * How a route is declared (the document is generated from these declarations, so a route
 * that is not declared this way is neither documented nor validated):
 *
 *   const route = apiRoute('get /v1/task-types/{taskType}/thing', access('read'), {
 *     tag: 'task types',                       // one of TAGS
 *     summary: '…',                            // and `description` when a line is not enough
 *     request: { query: ThingQuery, body: jsonBody(ThingRequest) },  // params: TaskTypePath, implied
 *     responses: { 200: json(ThingResponse, '…'), ...problems(409) },   // schemas from src/contract
 *   });
 *   export function registerThing(app: Api) {
 *     app.openapi(route, async (c) => c.json(await …(c.req.valid('param').taskType), 200));
 *   }
 *
 * The second argument is `access(scope, ...middleware after the key check)` or PUBLIC. The
 * object form `apiRoute({ method, path, tags, summary, ...access('read'), request, responses })`
 * (createRoute's own) declares the same route and still works.
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

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type TagName = (typeof TAGS)[number]['name'];
/** Who may call: `access(scope, …)` or PUBLIC. */
type Access = { security: RouteConfig['security']; middleware?: MiddlewareHandler[] };
/** What the dense form declares besides method, path and access (a route has one tag). */
type Declaration = Omit<RouteConfig, 'method' | 'path' | 'tags' | 'security' | 'middleware'> & {
  tag: TagName;
};
/** `'get /v1/x/{id}'` → `{ method: 'get'; path: '/v1/x/{id}' }`, as literal types the handler is typed by. */
type Target<S extends string> = S extends `${infer M extends Method} ${infer P}`
  ? { method: M; path: P }
  : never;
/** What the route was declared with, its `request` taking `params: TaskTypePath` under `{taskType}`. */
type Declared<S extends string, D extends Declaration> = S extends `${string}{taskType}${string}`
  ? Omit<D, 'tag' | 'request'> & {
      request: { params: typeof TaskTypePath } & (D extends { request: infer R } ? R : unknown);
    }
  : Omit<D, 'tag'>;

/**
 * `createRoute` plus what every route of its kind answers, so no route file repeats it:
 * 401/403 behind a key, 400/413/422 with a body, 404 under `{taskType}`, 500 always.
 * Dense form: `apiRoute('get /path', access('read'), { tag, summary, request, responses })`;
 * the object form takes createRoute's own config.
 */
export function apiRoute<S extends `${Method} /${string}`, A extends Access, D extends Declaration>(
  target: S,
  callers: A,
  declaration: D,
): Target<S> & A & Declared<S, D> & { tags: string[] };
export function apiRoute<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P }>(route: R): R;
export function apiRoute(
  routeOrTarget: RouteConfig | string,
  callers?: Access,
  declaration?: Declaration,
): RouteConfig {
  return declare(
    typeof routeOrTarget === 'string' ? fromDense(routeOrTarget, callers!, declaration!) : routeOrTarget,
  );
}

/**
 * The dense form as createRoute's config, keys in the object form's order (the document keeps it).
 * Every route under `{taskType}` takes the same path parameter, so the dense form declares it here.
 */
function fromDense(target: string, callers: Access, { tag, summary, description, ...rest }: Declaration) {
  const [method, path] = target.split(' ') as [Method, string];
  const request = path.includes('{taskType}') ? { request: { params: TaskTypePath, ...rest.request } } : {};
  return {
    method,
    path,
    tags: [tag],
    summary,
    ...(description === undefined ? {} : { description }),
    ...callers,
    ...rest,
    ...request,
  };
}

function declare(route: RouteConfig): RouteConfig {
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
  });
}

export const TAGS = [
  { name: 'agents', description: 'What LLM apps call around each LLM call.' },
  { name: 'task types', description: 'Configuration and status.' },
  { name: 'rollout', description: 'Phases, budget waivers, audit.' },
  { name: 'evaluation', description: 'Offline evaluation reports.' },
  { name: 'operations', description: 'Keys, health, documents, dashboard.' },
] as const;
