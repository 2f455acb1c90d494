import type { Problem } from '../contract/problem';
import { TuneloopError, TuneloopNetworkError } from './errors';
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, type RetryOptions } from './retry';

export interface TuneloopClientOptions {
  /** e.g. `https://tuneloop.example.workers.dev` or `http://127.0.0.1:8787` */
  baseUrl: string;
  /** a key with the `agent` scope (recommend, outcomes), `read` or `ops` for the rest */
  apiKey: string;
  /** defaults to the global fetch; pass one bound to a service binding, a test double… */
  fetch?: (input: Request) => Promise<Response>;
  /** per request, ms; default 10 000 (for a streamed export: until the headers arrive) */
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

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** safe to repeat: retried on network errors, 5xx and 429 */
  idempotent?: boolean;
}

/** How a successful reply's body is taken: parsed JSON, text, or left unread for the caller to stream. */
type BodyMode = 'json' | 'text' | 'stream';

const ACCEPT: Record<BodyMode, string> = {
  json: 'application/json, application/problem+json',
  text: 'text/plain, application/problem+json',
  stream: 'application/x-ndjson, application/problem+json',
};

/**
 * What every call shares: the key, a timeout, retries with backoff while a call is idempotent
 * and its failure transient, and problem+json failures as TuneloopError. The API's operations
 * are TuneloopClient's (client.ts).
 */
export class TuneloopTransport {
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

  /** One call answered in JSON, retried with backoff while it is idempotent and the failure is transient. */
  request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.send(method, path, options, 'json') as Promise<T>;
  }

  /** As `request`, for a reply that is text (`/metrics`). */
  requestText(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    return this.send(method, path, options, 'text') as Promise<string>;
  }

  /**
   * As `request`, but the successful reply comes back with its body unread, for the caller to
   * stream: the timeout covers the wait for the headers, not the body.
   */
  requestStream(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    return this.send(method, path, options, 'stream') as Promise<Response>;
  }

  private async send(method: string, path: string, options: RequestOptions, mode: BodyMode) {
    const attempts = options.idempotent ? this.retry.attempts : 1;
    for (let attempt = 0; ; attempt += 1) {
      let failure: TuneloopError | TuneloopNetworkError;
      try {
        return await this.once(method, path, options, mode);
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

  private async once(method: string, path: string, { body, headers = {} }: RequestOptions, mode: BodyMode) {
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException('The request timed out.', 'TimeoutError')),
      this.timeoutMs,
    );
    const request = new Request(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        accept: ACCEPT[mode],
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeout.signal,
    });
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(request);
      if (response.ok && mode === 'stream') return response;
      text = await response.text();
    } catch (error) {
      throw new TuneloopNetworkError(error);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      throw new TuneloopError(
        response.status,
        parseProblem(text),
        parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      );
    }
    if (mode === 'text') return text;
    return text ? JSON.parse(text) : null;
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
