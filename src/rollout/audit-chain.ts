/**
 * Hash-chained audit events (provenance of every rollout transition, breach, drift freeze,
 * config change or waiver). Each link carries the hash of the previous one; its own hash is
 * SHA-256 over the canonical JSON of { prevHash, event }. Hashing is injected as an async
 * function (crypto.subtle is async and a Workers API), so this module stays pure:
 *   const sha256Hex = async (text) => hex(await crypto.subtle.digest('SHA-256', utf8(text)))
 */
import { strictCanonicalJson } from '../common/canonical-json';
import type { TransitionRecord } from './phase-machine';

/** SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits. */
export type Sha256Hex = (text: string) => Promise<string>;

/** The previous hash of the first link. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event the chain hashes: who did what, why, under which config and policy, with what metrics. */
export interface HashedAuditFields {
  taskType: string;
  /** e.g. advance, rollback, pause, resume, breach, drift, auto-promote, config, waiver */
  action: string;
  actor: string;
  reason: string;
  /** Unix ms */
  atMs: number;
  configVersion: number;
  policyVersion: string;
  /** the metrics the decision saw (guard judgment, window sizes, evaluation…) */
  metrics?: unknown;
  /** action-specific: the transition's from/to, the breach rule, the waiver… */
  details?: unknown;
}

export interface ChainedEvent {
  event: HashedAuditFields;
  prevHash: string;
  hash: string;
}

export type ChainCheck =
  | { ok: true; headHash: string }
  | { ok: false; brokenAt: number; reason: 'prev_hash_mismatch' | 'hash_mismatch' };

/** The audit event of a phase-machine transition. */
export function auditEventOf(
  record: TransitionRecord,
  context: { taskType: string; configVersion: number; policyVersion: string; metrics?: unknown },
): HashedAuditFields {
  const { action, actor, reason, atMs, from, to, details } = record;
  return {
    taskType: context.taskType,
    action,
    actor,
    reason,
    atMs,
    configVersion: context.configVersion,
    policyVersion: context.policyVersion,
    ...(context.metrics === undefined ? {} : { metrics: context.metrics }),
    details: details === undefined ? { from, to } : { from, to, cause: details },
  };
}

/** The text whose SHA-256 is a link's hash. */
export function linkText(prevHash: string, event: HashedAuditFields): string {
  return strictCanonicalJson({ prevHash, event });
}

/** Appends `event` after the link whose hash is `prevHash` (GENESIS_HASH for the first). */
export async function appendEvent(
  prevHash: string,
  event: HashedAuditFields,
  sha256Hex: Sha256Hex,
): Promise<ChainedEvent> {
  return { event, prevHash, hash: await sha256Hex(linkText(prevHash, event)) };
}

/** Verifies a chain from `genesis`; reports the first link whose back-pointer or hash is wrong. */
export async function verifyChain(
  events: readonly ChainedEvent[],
  sha256Hex: Sha256Hex,
  genesis: string = GENESIS_HASH,
): Promise<ChainCheck> {
  let expectedPrev = genesis;
  for (let i = 0; i < events.length; i++) {
    const link = events[i]!;
    if (link.prevHash !== expectedPrev) return { ok: false, brokenAt: i, reason: 'prev_hash_mismatch' };
    if ((await sha256Hex(linkText(link.prevHash, link.event))) !== link.hash)
      return { ok: false, brokenAt: i, reason: 'hash_mismatch' };
    expectedPrev = link.hash;
  }
  return { ok: true, headHash: expectedPrev };
}
