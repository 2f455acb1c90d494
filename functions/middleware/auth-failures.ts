import { FixedWindowCounter } from './fixed-window';

/** Failed authentications a client address may make per minute before it is refused unheard. */
export const AUTH_FAILURES_PER_MINUTE = 30;
/** How long an isolate remembers that a key hash is unknown, ms: a flood of one bad key stays local. */
export const NEGATIVE_CACHE_MS = 10_000;
const NEGATIVE_CACHE_ENTRIES = 10_000;

const failuresByAddress = new FixedWindowCounter(AUTH_FAILURES_PER_MINUTE, 60_000);
const unknownKeyHashes = new Map<string, number>();

/**
 * The client address Cloudflare reports, or null (requests from inside, such as tests'
 * SELF.fetch): those are not limited by address, since they would all share one bucket.
 */
export function clientAddress(headers: { get(name: string): string | null }): string | null {
  return headers.get('cf-connecting-ip');
}

/** When `address` has spent its failures: the reset time (Unix ms), else null. */
export function authBlockedUntil(address: string, nowMs: number): number | null {
  const { over, resetMs } = failuresByAddress.isOver(address, nowMs);
  return over ? resetMs : null;
}

/** Records a failed authentication from `address` (and the unknown key hash, if any). */
export function recordAuthFailure(address: string | null, keyHash: string | null, nowMs: number): void {
  if (address !== null) failuresByAddress.hit(address, nowMs);
  if (keyHash === null) return;
  unknownKeyHashes.delete(keyHash);
  unknownKeyHashes.set(keyHash, nowMs + NEGATIVE_CACHE_MS);
  if (unknownKeyHashes.size > NEGATIVE_CACHE_ENTRIES)
    unknownKeyHashes.delete(unknownKeyHashes.keys().next().value!);
}

/** Whether `keyHash` was unknown to the registry within NEGATIVE_CACHE_MS. */
export function isKnownUnknown(keyHash: string, nowMs: number): boolean {
  const until = unknownKeyHashes.get(keyHash);
  if (until === undefined) return false;
  if (until > nowMs) return true;
  unknownKeyHashes.delete(keyHash);
  return false;
}
