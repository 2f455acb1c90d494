import type { z } from 'zod';
import type { ApiKeySummary } from '../contract/api-key';
import type { ConfigDryRunResponse } from '../contract/config-dry-run';
import type { Outcome, OutcomeBatchResponse, OutcomeResponse } from '../contract/outcome';
import type { Problem } from '../contract/problem';
import type { RecommendRequest, RecommendResponse } from '../contract/recommend';
import type { KillSwitchState, RolloutAction, RolloutResponse } from '../contract/rollout';
import type { TaskTypeConfigInput } from '../contract/task-type';
import type { PutTaskTypeResponse, TaskTypeList, TaskTypeStatus } from '../contract/task-type-status';
import type { TimeSeries, TimeSeriesQuery } from '../contract/time-series';
import { TuneloopError, TuneloopNetworkError } from './errors';
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, type RetryOptions } from './retry';
import { type TuningOptions, withTuning } from './with-tuning';

export type RecommendInput = z.input<typeof RecommendRequest>;
export type OutcomeInput = z.input<typeof Outcome>;
export type ConfigDryRun = z.infer<typeof ConfigDryRunResponse>;
export type KeyListing = z.infer<typeof ApiKeySummary>;

export interface TuneloopClientOptions {
  /** e.g. `https://tuneloop.example.workers.dev` or `http://127.0.0.1:8787` */
  baseUrl: string;
  /** a key with the `agent` scope (recommend, outcomes), `read` or `ops` for the rest */
  apiKey: string;
  /** defaults to the global fetch; pass one bound to a service binding, a test double… */
  fetch?: (input: Request) => Promise<Response>;
  /** per request, ms; default 10 000 */
  timeoutMs?: number;
  /** retries of idempotent requests (outcomes; recommend with a requestId) */
  retry?: RetryOptions;
  /** how a retry waits (tests pass a fake) */
  sleep?: (ms: number) => Promise<void>;
  /** in [0, 1), for backoff jitter; default Math.random (the client is I/O, not the pure core) */
  random?: () => number;
  /** ms clock for latency measurement; default performance.now */
  now?: () => number;
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** safe to repeat: retried on network errors, 5xx and 429 */
  idempotent?: boolean;
}

/** The typed tuneloop client: recommend, outcomes (with retries), withTuning, and status. */
export class TuneloopClient {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly fetchFn: (input: Request) => Promise<Response>;
  private readonly timeoutMs: number;
  private readonly retry: Required<RetryOptions>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  readonly now: () => number;

  constructor(options: TuneloopClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.fetchFn = options.fetch ?? ((request) => fetch(request));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => performance.now());
  }

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
  archiveTaskType(taskType: string) {
    return this.request<{ taskType: string; archived: true; archivedAt: string; incarnation: number }>(
      'DELETE',
      `/v1/task-types/${encodeURIComponent(taskType)}`,
    );
  }

  /** `GET /v1/task-types?archived=true` (read). */
  listArchivedTaskTypes() {
    return this.request<{ taskTypes: { taskType: string; archived: true; archivedAt: string }[] }>(
      'GET',
      '/v1/task-types?archived=true',
      { idempotent: true },
    );
  }

  /** `GET /v1/api-keys` (ops): live keys, never a secret. */
  listApiKeys() {
    return this.request<{ keys: KeyListing[] }>('GET', '/v1/api-keys', { idempotent: true });
  }

  /** `POST /v1/api-keys/{id}/rotate` (ops): a new secret; the old one works for `graceSeconds` (600). */
  rotateApiKey(id: string, { graceSeconds }: { graceSeconds?: number } = {}) {
    return this.request<{ id: string; key: string; previousValidUntil: string }>(
      'POST',
      `/v1/api-keys/${encodeURIComponent(id)}/rotate`,
      { body: graceSeconds === undefined ? {} : { graceSeconds } },
    );
  }

  /** `GET /v1/task-types/{taskType}/timeseries` (read): per arm and bucket, from the object's aggregates. */
  timeSeries(taskType: string, query: Partial<TimeSeriesQuery> = {}): Promise<TimeSeries> {
    const params = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const search = params.size > 0 ? `?${params}` : '';
    return this.request('GET', `/v1/task-types/${encodeURIComponent(taskType)}/timeseries${search}`, {
      idempotent: true,
    });
  }

  /** One call, retried with backoff while it is idempotent and the failure is transient. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const attempts = options.idempotent ? this.retry.attempts : 1;
    for (let attempt = 0; ; attempt += 1) {
      let failure: TuneloopError | TuneloopNetworkError;
      try {
        return await this.once<T>(method, path, options);
      } catch (error) {
        if (!(error instanceof TuneloopError || error instanceof TuneloopNetworkError)) throw error;
        failure = error;
      }
      const transient = failure instanceof TuneloopNetworkError || isRetryableStatus(failure.status);
      if (!transient || attempt + 1 >= attempts) throw failure;
      const retryAfterMs = failure instanceof TuneloopError ? failure.retryAfterMs : null;
      await this.sleep(backoffMs(attempt, this.retry, this.random(), retryAfterMs));
    }
  }

  private async once<T>(method: string, path: string, { body, headers = {} }: RequestOptions): Promise<T> {
    const request = new Request(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(request);
      text = await response.text();
    } catch (error) {
      throw new TuneloopNetworkError(error);
    }
    if (!response.ok) {
      throw new TuneloopError(
        response.status,
        parseProblem(text),
        parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      );
    }
    return (text ? JSON.parse(text) : null) as T;
  }
}

function parseProblem(text: string): Problem | null {
  try {
    const body = JSON.parse(text) as Problem;
    return typeof body === 'object' && body !== null && typeof body.status === 'number' ? body : null;
  } catch {
    return null;
  }
}
