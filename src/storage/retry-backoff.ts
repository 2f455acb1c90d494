/**
 * Delay before the next attempt after `failures` consecutive failures: exponential from
 * 1 s, capped at 60 s, with up to 20 % jitter (`jitter` in [0, 1)) so that many task
 * types do not hit a recovering Postgres in the same instant.
 */
export function retryDelayMs(failures: number, jitter: number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 + 0.2 * jitter));
}
