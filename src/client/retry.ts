/** When and how long to wait before trying a request again. */
export interface RetryOptions {
  /** tries in all, the first included; default 5 */
  attempts?: number;
  /** the first wait, ms; doubles each time; default 200 */
  baseDelayMs?: number;
  /** no wait is longer, ms (a Retry-After is honoured up to this); default 10 000 */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };

/** Statuses worth another try: rate limited, or the service briefly unable. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The wait before try `attempt + 1` (attempt counts from 0), ms: the server's Retry-After when
 * it sent one, else exponential backoff with "equal jitter" (half fixed, half random), so a
 * fleet of agents that failed together does not retry together. `random` is in [0, 1).
 */
export function backoffMs(
  attempt: number,
  retry: Required<RetryOptions>,
  random: number,
  retryAfterMs: number | null,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, retry.maxDelayMs);
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  return cap / 2 + (random * cap) / 2;
}

/** `Retry-After` in seconds or as an HTTP date → ms from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
