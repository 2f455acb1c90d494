import type { AuditEventRecord } from './audit-events';

export type TailVerdict =
  | { ok: true; length: number }
  | { ok: false; brokenAt: number; eventId: string | null; problem: string };

/**
 * Whether Postgres holds the object's whole flushed chain: a chain that verifies link by link
 * may still have lost its newest events (or all of them), which only the object can tell.
 * `flushed`: how many of the object's events (oldest first) Postgres has acknowledged.
 */
export function compareTail(
  postgres: readonly AuditEventRecord[],
  objectChain: readonly AuditEventRecord[],
  flushed: number,
): TailVerdict {
  const n = postgres.length;
  if (n < flushed) {
    return {
      ok: false,
      brokenAt: n,
      eventId: objectChain[n]?.eventId ?? null,
      problem: `Postgres holds ${n} events where the object has written ${flushed} there (the newest are missing)`,
    };
  }
  if (n > objectChain.length) {
    return {
      ok: false,
      brokenAt: objectChain.length,
      eventId: postgres[objectChain.length]!.eventId,
      problem: `Postgres holds ${n} events, more than the object's ${objectChain.length}`,
    };
  }
  const last = postgres[n - 1];
  if (last && last.hash !== objectChain[n - 1]!.hash) {
    return {
      ok: false,
      brokenAt: n - 1,
      eventId: last.eventId,
      problem: 'the last event in Postgres differs from the object’s event at that position',
    };
  }
  return { ok: true, length: n };
}
