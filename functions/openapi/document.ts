import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import * as R from '../../src/client/schemas';
import { CreateApiKeyRequest, CreateApiKeyResponse } from '../../src/contract/api-key';
import { DecisionLogLine } from '../../src/contract/decision-log';
import { Outcome } from '../../src/contract/outcome';
import { RecommendRequest, RecommendResponse } from '../../src/contract/recommend';
import { TaskTypeConfig } from '../../src/contract/task-type';
import { ERROR_STATUS } from '../problem';
import { DOCUMENTED_ROUTES, type DocumentedRoute, PATH_PARAM_DESCRIPTIONS, toOpenApiPath } from './routes';

type Registry = OpenAPIHono['openAPIRegistry'];
type RouteConfig = Parameters<Registry['registerPath']>[0];

/** A route as the Hono app knows it: `app.routes` entries, method upper-cased. */
export interface MountedRoute {
  method: string;
  path: string;
}

const STATUS_TITLE: Record<number, string> = {
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

/** The error statuses a route can answer: its own, plus those of auth, a body and the server. */
export function errorStatuses(route: DocumentedRoute): number[] {
  const statuses = new Set(route.errors ?? []);
  if (route.scope) for (const s of [401, 403]) statuses.add(s);
  if (route.body) for (const s of [400, 413, 422]) statuses.add(s);
  if (route.path.includes(':taskType')) statuses.add(404);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

/** Hono methods and paths of the routes the app serves (middleware entries left out). */
export function mountedRoutes(routes: readonly MountedRoute[]): Set<string> {
  return new Set(routes.filter((r) => r.method !== 'ALL').map((r) => routeKey(r.method, r.path)));
}

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/**
 * The OpenAPI 3.1 document of the routes the app mounts, from the zod schemas in
 * src/contract (and src/client/schemas for replies the contract does not define yet).
 */
export function buildOpenApiDocument(mounted: Set<string>) {
  const docs = new OpenAPIHono();
  const registry = docs.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key. Scopes: `agent` (recommend, outcomes), `read` (GET endpoints, dashboard), ' +
      '`ops` (everything). `TUNELOOP_ADMIN_KEY` is always an ops key.',
  });
  const ref = registerComponents(registry);
  const routes = DOCUMENTED_ROUTES.filter((r) => mounted.has(routeKey(r.method, r.path)));
  for (const route of routes) registry.registerPath(pathConfig(route, ref));
  const usedTags = new Set(routes.map((r) => r.tag));
  return docs.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'tuneloop',
      version: '0.1.0',
      description:
        'Tunes LLM generation parameters per task type with bandits, and rolls every change out ' +
        'safely. Every error is `application/problem+json` (RFC 9457).',
    },
    tags: TAGS.filter((t) => usedTags.has(t.name)),
  });
}

const TAGS = [
  { name: 'agents', description: 'What LLM apps call around each LLM call.' },
  { name: 'task types', description: 'Configuration and status.' },
  { name: 'rollout', description: 'Phases, budget waivers, audit.' },
  { name: 'evaluation', description: 'Offline evaluation reports.' },
  { name: 'operations', description: 'Keys, health, documents, dashboard.' },
];

type Ref = (schema: z.ZodType) => z.ZodType;

/**
 * Named components, so the document reads as the contract does and clients can generate
 * types. `register` returns a copy carrying the name; the returned function swaps a contract
 * schema for its named copy, which the generator writes as a `$ref`.
 */
function registerComponents(registry: Registry): Ref {
  const named: Record<string, z.ZodType> = {
    Problem: R.Problem,
    TaskTypeConfig,
    TaskTypeStatus: R.TaskTypeStatus,
    ArmSummary: R.ArmSummary,
    RecommendRequest,
    RecommendResponse,
    Outcome,
    OutcomeResponse: R.OutcomeResponse,
    OutcomeBatchResponse: R.OutcomeBatchResponse,
    CreateApiKeyRequest,
    CreateApiKeyResponse,
    DecisionLogLine,
    EvaluationReport: R.EvaluationReport,
    EvaluationRecord: R.EvaluationRecord,
  };
  const copies = new Map<z.ZodType, z.ZodType>();
  for (const [name, schema] of Object.entries(named)) copies.set(schema, registry.register(name, schema));
  return (schema) => copies.get(schema) ?? schema;
}

function pathConfig(route: DocumentedRoute, ref: Ref): RouteConfig {
  const params = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const request: NonNullable<RouteConfig['request']> = {};
  if (params.length > 0)
    request.params = z.object(
      Object.fromEntries(params.map((p) => [p, z.string().describe(PATH_PARAM_DESCRIPTIONS[p] ?? p)])),
    );
  if (route.query) request.query = route.query;
  if (route.headers) request.headers = route.headers;
  if (route.body)
    request.body = { required: true, content: { 'application/json': { schema: ref(route.body) } } };

  const responses: RouteConfig['responses'] = {
    [route.ok.status]: {
      description: route.ok.description,
      content: route.ok.schema
        ? { 'application/json': { schema: ref(route.ok.schema) } }
        : { [route.ok.mediaType ?? 'text/plain']: { schema: z.string() } },
    },
  };
  if (route.method === 'put' && route.path === '/v1/task-types/:taskType')
    responses[201] = {
      description: 'Created.',
      content: { 'application/json': { schema: ref(R.PutTaskTypeResponse) } },
    };
  for (const status of errorStatuses(route)) {
    responses[status] = {
      description: STATUS_TITLE[status] ?? 'Error.',
      content: { 'application/problem+json': { schema: ref(R.Problem) } },
    };
  }
  const scopeNote = route.scope ? `\n\nNeeds a key with the \`${route.scope}\` scope (or \`ops\`).` : '';
  return {
    method: route.method,
    path: toOpenApiPath(route.path),
    tags: [route.tag],
    summary: route.summary,
    description: (route.description ?? route.summary) + scopeNote,
    ...(route.scope ? { security: [{ apiKey: [route.scope] }] } : { security: [] }),
    request,
    responses,
  };
}

/** Every status the service can answer with an error; each appears in the document. */
export const ALL_ERROR_STATUSES = [...new Set(Object.values(ERROR_STATUS))];
