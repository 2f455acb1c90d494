import { z } from 'zod';
import * as R from '../../src/client/schemas';
import { CreateApiKeyRequest, CreateApiKeyResponse } from '../../src/contract/api-key';
import { WaiverRequest } from '../../src/contract/budget';
import { Outcome, OutcomeBatch } from '../../src/contract/outcome';
import { RecommendRequest, RecommendResponse } from '../../src/contract/recommend';
import { TaskTypeConfig } from '../../src/contract/task-type';

export type Method = 'get' | 'post' | 'put' | 'delete';
export type Scope = 'agent' | 'ops' | 'read' | null;

/** One documented route; `path` is Hono's (`/v1/task-types/:taskType`). */
export interface DocumentedRoute {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  /** the key scope it needs; null for routes without auth */
  scope: Scope;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /** the success status and its body; a string is a non-JSON media type */
  ok: { status: number; description: string; schema?: z.ZodType; mediaType?: string };
  /** error statuses besides those every route of its kind has (auth, body, 500) */
  errors?: number[];
}

/** Internal routes (benchmarks, tests) that the document leaves out on purpose. */
export const UNDOCUMENTED_PREFIX = '/__';

const TaskTypeRef = 'The task type: ^[a-z0-9][a-z0-9._-]{0,63}$';

/**
 * Every route of the API, including those API.md promises before they are built: the
 * document lists a route once the app mounts it, and test/workers/openapi.test.ts fails
 * when the app mounts a route that is not here.
 */
export const DOCUMENTED_ROUTES: DocumentedRoute[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness and decision-log lag',
    scope: null,
    tag: 'operations',
    ok: { status: 200, description: 'The service is up.', schema: R.Health },
  },
  {
    method: 'put',
    path: '/v1/task-types/:taskType',
    summary: 'Create or replace a task type config',
    description:
      '201 on create, 200 on replace. A config that breaks a hard limit or the trust region is a 422 ' +
      'listing every violation. `rollout.phase` is honoured on create only; a different phase on an ' +
      'existing task type is 409.',
    scope: 'ops',
    tag: 'task types',
    body: TaskTypeConfig,
    headers: z.object({
      'if-match': z.string().optional().describe('the config version this replaces; 412 when stale'),
    }),
    ok: { status: 200, description: 'Replaced (201 when created).', schema: R.PutTaskTypeResponse },
    errors: [409, 412],
  },
  {
    method: 'get',
    path: '/v1/task-types',
    summary: 'List task types with phase, share and arm figures',
    scope: 'read',
    tag: 'task types',
    ok: { status: 200, description: 'Every task type.', schema: R.TaskTypeList },
  },
  {
    method: 'get',
    path: '/v1/task-types/:taskType',
    summary: 'A task type: config, phase, share, arm statistics, SLO health, budget use',
    scope: 'read',
    tag: 'task types',
    ok: { status: 200, description: 'The status; `ETag` is the config version.', schema: R.TaskTypeStatus },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/task-types/:taskType/decisions',
    summary: 'Export logged decisions as JSON Lines',
    description:
      '`since` inclusive, `until` exclusive (default now), ordered by timestamp then decision id. ' +
      'The outbox is flushed first; if the window has not reached Postgres after a bounded wait, 503 ' +
      'with Retry-After — never a partial file. Each line is a `DecisionLogLine`.',
    scope: 'read',
    tag: 'task types',
    query: z.object({
      since: z.string().optional().describe('ISO-8601, inclusive'),
      until: z.string().optional().describe('ISO-8601, exclusive; default now'),
    }),
    ok: { status: 200, description: 'One decision per line.', mediaType: 'application/x-ndjson' },
    errors: [404, 422, 503],
  },
  {
    method: 'post',
    path: '/v1/task-types/:taskType/rollout',
    summary: 'Advance, roll back, pause or resume the rollout',
    scope: 'ops',
    tag: 'rollout',
    body: R.RolloutRequest,
    ok: { status: 200, description: 'The phase after the transition.', schema: R.RolloutResponse },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/v1/task-types/:taskType/budget/waivers',
    summary: 'Grant extra tokens for the day',
    scope: 'ops',
    tag: 'rollout',
    body: WaiverRequest,
    ok: { status: 201, description: 'The waiver and the budget after it.', schema: R.BudgetWaiverResponse },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/task-types/:taskType/evaluations',
    summary: 'Offline evaluation reports, newest first',
    description:
      'Each report estimates the baseline, the current policy and the policy frozen at the start of the phase (IPS, SNIPS, DM, DR, SNDR, Switch-DR with bootstrap intervals), with the paired difference that gates promotion.',
    scope: 'read',
    tag: 'evaluation',
    query: z.object({ limit: z.string().optional().describe('1–100, default 20') }),
    ok: { status: 200, description: 'The reports.', schema: R.EvaluationList },
    errors: [404, 422, 503],
  },
  {
    method: 'post',
    path: '/v1/task-types/:taskType/evaluations',
    summary: 'Run an offline evaluation now',
    scope: 'ops',
    tag: 'evaluation',
    ok: { status: 201, description: 'The new report.', schema: R.EvaluationRecord },
    errors: [404, 503],
  },
  {
    method: 'get',
    path: '/v1/task-types/:taskType/audit',
    summary: 'Rollout events, config changes, waivers and breaches',
    scope: 'read',
    tag: 'rollout',
    query: z.object({ limit: z.string().optional().describe('1–1000, default 100') }),
    ok: { status: 200, description: 'The events, newest first.', schema: R.AuditList },
    errors: [404, 422],
  },
  {
    method: 'get',
    path: '/v1/task-types/:taskType/audit/verify',
    summary: 'Check the audit hash chain, in the Durable Object and in Postgres',
    scope: 'read',
    tag: 'rollout',
    ok: {
      status: 200,
      description: 'Whether each copy of the chain is intact.',
      schema: R.AuditVerification,
    },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/kill-switch',
    summary: 'Whether the deployment-wide kill switch is on',
    scope: 'read',
    tag: 'rollout',
    ok: { status: 200, description: 'The kill switch.', schema: R.KillSwitchState },
  },
  {
    method: 'post',
    path: '/v1/kill-switch',
    summary: 'Turn the kill switch on or off: every task type serves its baseline while it is on',
    description:
      'Takes effect in every isolate within `effectiveWithinMs` (seconds). The `TUNELOOP_KILL_SWITCH=1` ' +
      'binding holds it on regardless.',
    scope: 'ops',
    tag: 'rollout',
    body: R.KillSwitchRequest,
    ok: { status: 200, description: 'The kill switch after the change.', schema: R.KillSwitchState },
  },
  {
    method: 'post',
    path: '/v1/recommend',
    summary: 'Parameters for one LLM call',
    description:
      'The same `requestId` again (within the decision TTL) returns the same decision. `propensity` ' +
      'is the probability of this arm under the behaviour actually run.',
    scope: 'agent',
    tag: 'agents',
    body: RecommendRequest,
    ok: { status: 200, description: 'The decision.', schema: RecommendResponse },
    errors: [404, 429],
  },
  {
    method: 'post',
    path: '/v1/outcomes',
    summary: 'Record the outcome of one decision, or of up to 1000',
    description:
      'Fields may arrive in parts; each is set once. The same fields again are a duplicate (200); a ' +
      'different value is 409. An array answers 200 with a status per item; a schema violation ' +
      'anywhere in it is a 422 for the whole batch.',
    scope: 'agent',
    tag: 'agents',
    body: z.union([Outcome, OutcomeBatch]),
    ok: {
      status: 200,
      description: 'Recorded (one object) or one result per item (an array).',
      schema: z.union([R.OutcomeResponse, R.OutcomeBatchResponse]),
    },
    errors: [404, 409, 410, 429],
  },
  {
    method: 'post',
    path: '/v1/api-keys',
    summary: 'Create an API key (shown once)',
    scope: 'ops',
    tag: 'operations',
    body: CreateApiKeyRequest,
    ok: { status: 201, description: 'The key; only its hash is kept.', schema: CreateApiKeyResponse },
  },
  {
    method: 'delete',
    path: '/v1/api-keys/:id',
    summary: 'Revoke an API key (effective within 60 s)',
    scope: 'ops',
    tag: 'operations',
    ok: { status: 200, description: 'Revoked.', schema: R.RevokeApiKeyResponse },
    errors: [404],
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    scope: null,
    tag: 'operations',
    ok: { status: 200, description: 'OpenAPI 3.1.', schema: z.looseObject({}) },
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'Interactive API documentation',
    scope: null,
    tag: 'operations',
    ok: { status: 200, description: 'An HTML page.', mediaType: 'text/html' },
  },
  {
    method: 'get',
    path: '/dashboard',
    summary: 'The operations dashboard (asks for a read key in the browser)',
    scope: null,
    tag: 'operations',
    ok: { status: 200, description: 'An HTML page.', mediaType: 'text/html' },
  },
];

export const PATH_PARAM_DESCRIPTIONS: Record<string, string> = {
  taskType: TaskTypeRef,
  id: 'The API key id (`key_…`)',
};

/** `/v1/task-types/:taskType` → `/v1/task-types/{taskType}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
