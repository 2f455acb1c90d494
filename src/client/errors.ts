import type { Problem } from '../contract/problem';

/** A non-2xx answer from tuneloop, with its problem+json body when there is one. */
export class TuneloopError extends Error {
  override readonly name = 'TuneloopError';

  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    /** from Retry-After, ms; null when the service sent none */
    readonly retryAfterMs: number | null = null,
  ) {
    super(problem ? `${status} ${problem.title}: ${problem.detail}` : `HTTP ${status}`);
  }
}

/** The request never got an answer: network failure or timeout. */
export class TuneloopNetworkError extends Error {
  override readonly name = 'TuneloopNetworkError';

  constructor(override readonly cause: unknown) {
    super(`tuneloop could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
