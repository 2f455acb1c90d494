import type { z } from 'zod';
import type {
  ApiKeyList,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  RevokeApiKeyResponse,
  RotateApiKeyResponse,
} from '../contract/api-key';
import type { AuditList, AuditVerification } from '../contract/audit';
import type { BudgetWaiverResponse, WaiverRequest } from '../contract/budget';
import type { ConfigDryRunResponse } from '../contract/config-dry-run';
import type { DecisionLogLine } from '../contract/decision-log';
import type { EvaluationList, EvaluationRecord } from '../contract/evaluation';
import type { OutboxRetryResponse } from '../contract/outbox-retry';
import type { Outcome, OutcomeBatchResponse, OutcomeResponse } from '../contract/outcome';
import type { PolicySnapshot } from '../contract/policy-snapshot';
import type { RecommendRequest, RecommendResponse } from '../contract/recommend';
import type { KillSwitchState, RolloutAction, RolloutResponse } from '../contract/rollout';
import type { SavingsReport } from '../contract/savings';
import type { TaskTypeConfigInput } from '../contract/task-type';
import type {
  ArchivedTaskTypeList,
  ArchiveResponse,
  PutTaskTypeResponse,
  TaskTypeList,
  TaskTypeStatus,
} from '../contract/task-type-status';
import type { TimeSeries, TimeSeriesQuery } from '../contract/time-series';
import { jsonLines } from './json-lines';
import { TuneloopTransport } from './transport';
import { type TuningOptions, withTuning } from './with-tuning';

export type RecommendInput = z.input<typeof RecommendRequest>;
export type OutcomeInput = z.input<typeof Outcome>;
export type ConfigDryRun = z.infer<typeof ConfigDryRunResponse>;

/**
 * The typed tuneloop client: one method per route of the API (recommend, outcomes and
 * withTuning for agents; status, config, rollout, evaluations, audit, export, budget, savings,
 * metrics and keys for operators). Replies are typed by the contract's schemas.
 */
export class TuneloopClient extends TuneloopTransport {
  /** `POST /v1/recommend`. Retried only when a `requestId` makes it idempotent. */
  recommend(request: RecommendInput): Promise<RecommendResponse> {
    return this.request('POST', '/v1/recommend', {
      body: request,
      idempotent: request.requestId !== undefined,
    });
  }

  /** `POST /v1/outcomes` with one outcome; retried, since the same fields again are a no-op. */
  recordOutcome(outcome: OutcomeInput): Promise<OutcomeResponse> {
    return this.request('POST', '/v1/outcomes', { body: outcome, idempotent: true });
  }

  /** `POST /v1/outcomes` with up to 1000; each result carries its own status. */
  recordOutcomes(outcomes: OutcomeInput[]): Promise<OutcomeBatchResponse> {
    return this.request('POST', '/v1/outcomes', { body: outcomes, idempotent: true });
  }

  /**
   * Asks for parameters, runs `call` with them, measures its latency and records the outcome:
   * `success: false` with the error when `call` throws (the error is rethrown). `decision` is
   * null only when `fallbackParams` stood in for an unreachable service.
   */
  withTuning<T>(
    taskType: string,
    context: RecommendInput['context'],
    call: (params: RecommendResponse['params'], decision: RecommendResponse | null) => Promise<T>,
    options: TuningOptions<T> = {},
  ): Promise<T> {
    return withTuning(this, taskType, context, call, options);
  }

  listTaskTypes(): Promise<TaskTypeList> {
    return this.request('GET', '/v1/task-types', { idempotent: true });
  }

  getTaskType(taskType: string): Promise<TaskTypeStatus> {
    return this.request('GET', `/v1/task-types/${encodeURIComponent(taskType)}`, { idempotent: true });
  }

  /** `PUT /v1/task-types/{taskType}` (ops); `ifMatch` is the config version it replaces. */
  putTaskType(taskType: string, config: TaskTypeConfigInput, { ifMatch }: { ifMatch?: number } = {}) {
    return this.request<PutTaskTypeResponse>('PUT', `/v1/task-types/${encodeURIComponent(taskType)}`, {
      body: config,
      headers: ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` },
      idempotent: true,
    });
  }

  /** `POST /v1/task-types/{taskType}/rollout` (ops). */
  rollout(taskType: string, action: RolloutAction, reason: string) {
    return this.request<RolloutResponse>('POST', `/v1/task-types/${encodeURIComponent(taskType)}/rollout`, {
      body: { action, reason },
    });
  }

  /** `GET /v1/kill-switch` (read). */
  killSwitch(): Promise<KillSwitchState> {
    return this.request('GET', '/v1/kill-switch', { idempotent: true });
  }

  /** `POST /v1/kill-switch` (ops): baseline only, for every task type, while enabled. */
  setKillSwitch(enabled: boolean, reason: string): Promise<KillSwitchState> {
    return this.request('POST', '/v1/kill-switch', { body: { enabled, reason }, idempotent: true });
  }

  /** `PUT …?dryRun=true` (ops): the changes a PUT would make, or the error it would get; stores nothing. */
  dryRunTaskType(taskType: string, config: TaskTypeConfigInput, { ifMatch }: { ifMatch?: number } = {}) {
    return this.request<ConfigDryRun>('PUT', `/v1/task-types/${encodeURIComponent(taskType)}?dryRun=true`, {
      body: config,
      headers: ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` },
      idempotent: true,
    });
  }

  /** `DELETE /v1/task-types/{taskType}` (ops): archive; recommend 404s, outcomes 410, the log stays. */
  archiveTaskType(taskType: string): Promise<Out<typeof ArchiveResponse>> {
    return this.request('DELETE', taskTypePath(taskType));
  }

  /** `GET /v1/task-types?archived=true` (read). */
  listArchivedTaskTypes(): Promise<Out<typeof ArchivedTaskTypeList>> {
    return this.request('GET', '/v1/task-types?archived=true', { idempotent: true });
  }

  /** `GET …/evaluations` (read): offline evaluation reports, newest first. */
  listEvaluations(taskType: string, { limit }: { limit?: number } = {}): Promise<Out<typeof EvaluationList>> {
    return this.request('GET', taskTypePath(taskType, '/evaluations', { limit }), { idempotent: true });
  }

  /** `POST …/evaluations` (ops): evaluates the baseline, the current policy and the phase-start snapshot now. */
  runEvaluation(taskType: string): Promise<EvaluationRecord> {
    return this.request('POST', taskTypePath(taskType, '/evaluations'));
  }

  /** `GET …/policy-snapshot` (read): the learned policy's state, for `ope --policy snapshot:FILE`. */
  policySnapshot(taskType: string): Promise<PolicySnapshot> {
    return this.request('GET', taskTypePath(taskType, '/policy-snapshot'), { idempotent: true });
  }

  /** `GET …/audit` (read): the hash-chained events, newest first. */
  auditEvents(taskType: string, { limit }: { limit?: number } = {}): Promise<Out<typeof AuditList>> {
    return this.request('GET', taskTypePath(taskType, '/audit', { limit }), { idempotent: true });
  }

  /** `GET …/audit/verify` (read): whether the object's chain and Postgres's copy are intact. */
  verifyAudit(taskType: string): Promise<Out<typeof AuditVerification>> {
    return this.request('GET', taskTypePath(taskType, '/audit/verify'), { idempotent: true });
  }

  /**
   * `GET …/decisions` (read): the logged decisions of `[since, until)`, one at a time as they
   * arrive (never the whole export in memory). A 503 while the outbox catches up is retried;
   * a connection that breaks part-way throws TuneloopNetworkError, never a silently short log.
   */
  async *exportDecisions(taskType: string, window: TimeWindow = {}): AsyncGenerator<DecisionLogLine> {
    const path = taskTypePath(taskType, '/decisions', window);
    const response = await this.requestStream('GET', path, { idempotent: true });
    yield* jsonLines<DecisionLogLine>(response.body);
  }

  /** `POST …/budget/waivers` (ops): extra tokens for today's budget, until `expiresAt`. */
  addWaiver(taskType: string, waiver: WaiverRequest): Promise<Out<typeof BudgetWaiverResponse>> {
    return this.request('POST', taskTypePath(taskType, '/budget/waivers'), { body: waiver });
  }

  /** `GET …/savings` (read): served against "every request served the baseline"; default window the phase. */
  savings(taskType: string, window: TimeWindow = {}): Promise<SavingsReport> {
    return this.request('GET', taskTypePath(taskType, '/savings', window), { idempotent: true });
  }

  /** `GET /v1/task-types/{taskType}/timeseries` (read): per arm and bucket, from the object's aggregates. */
  timeSeries(taskType: string, query: Partial<TimeSeriesQuery> = {}): Promise<TimeSeries> {
    return this.request('GET', taskTypePath(taskType, '/timeseries', query), { idempotent: true });
  }

  /** `POST …/outbox/retry` (ops): sends the decisions Postgres refused again. */
  retryOutbox(taskType: string): Promise<Out<typeof OutboxRetryResponse>> {
    return this.request('POST', taskTypePath(taskType, '/outbox/retry'), { idempotent: true });
  }

  /** `GET /metrics` (read): Prometheus text exposition. */
  metrics(): Promise<string> {
    return this.requestText('GET', '/metrics', { idempotent: true });
  }

  /** `GET /v1/api-keys` (ops): live keys, never a secret. */
  listApiKeys(): Promise<Out<typeof ApiKeyList>> {
    return this.request('GET', '/v1/api-keys', { idempotent: true });
  }

  /** `POST /v1/api-keys` (ops): a new key; its secret (`key`) is shown this once. */
  createApiKey(key: z.input<typeof CreateApiKeyRequest>): Promise<Out<typeof CreateApiKeyResponse>> {
    return this.request('POST', '/v1/api-keys', { body: key });
  }

  /** `POST /v1/api-keys/{id}/rotate` (ops): a new secret; the old one works for `graceSeconds` (600). */
  rotateApiKey(
    id: string,
    { graceSeconds }: { graceSeconds?: number } = {},
  ): Promise<Out<typeof RotateApiKeyResponse>> {
    return this.request('POST', `/v1/api-keys/${encodeURIComponent(id)}/rotate`, {
      body: graceSeconds === undefined ? {} : { graceSeconds },
    });
  }

  /** `DELETE /v1/api-keys/{id}` (ops): revoked; isolates that cached it drop it within `effectiveWithinMs`. */
  revokeApiKey(id: string): Promise<Out<typeof RevokeApiKeyResponse>> {
    return this.request('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`, { idempotent: true });
  }
}

/** A reply's type: what its contract schema parses to. */
type Out<S extends z.ZodType> = z.output<S>;

/** `since` inclusive, `until` exclusive, both ISO-8601 (the export and savings windows). */
export type TimeWindow = {
  since?: string;
  until?: string;
};

/** `/v1/task-types/{taskType}{rest}?{query}`, leaving out query values that are undefined. */
function taskTypePath(taskType: string, rest = '', query: Record<string, string | number | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `/v1/task-types/${encodeURIComponent(taskType)}${rest}${search ? `?${search}` : ''}`;
}
