import {
  type DecisionIdVerdict,
  deriveTagKey,
  importTagKey,
  tagDecisionId,
  verifyDecisionId,
} from '../src/contract/decision-id-tag';
import { newDecisionId } from '../src/optimizer/decision-id';

/** The bindings behind decision-id tags (optional secrets; see docs/api.md). */
export interface DecisionIdKeyEnv {
  /** the tag secret; set it in production (`wrangler secret put DECISION_ID_KEY`) */
  DECISION_ID_KEY?: string;
  /** the previous tag secret, still verified while its ids live (30 days after a rotation) */
  DECISION_ID_KEY_PREVIOUS?: string;
  /** fallback: a tag key is derived from it when DECISION_ID_KEY is unset */
  TUNELOOP_ADMIN_KEY?: string;
  /** ISO-8601: when issuance switched to tagged ids (default TAGGED_IDS_SINCE) */
  DECISION_IDS_TAGGED_SINCE?: string;
}

/**
 * Untagged ids (first release) issued before this instant are honoured for their TTL: the day
 * of the second release, from which issuance tags every id.
 */
export const TAGGED_IDS_SINCE = Date.parse('2026-12-03T00:00:00Z');

// Without any secret the key is public: it still turns away junk ids, not a determined forger.
const UNKEYED_SECRET = 'tuneloop-unkeyed-decision-ids';

const keysBySecrets = new Map<string, Promise<CryptoKey[]>>();

/** The keys that verify tags, current first; imported once per isolate per set of secrets. */
export function decisionIdKeys(env: DecisionIdKeyEnv): Promise<CryptoKey[]> {
  const cacheKey = JSON.stringify([
    env.DECISION_ID_KEY,
    env.DECISION_ID_KEY_PREVIOUS,
    env.TUNELOOP_ADMIN_KEY,
  ]);
  let keys = keysBySecrets.get(cacheKey);
  if (!keys) {
    keys = Promise.all([
      env.DECISION_ID_KEY
        ? importTagKey(env.DECISION_ID_KEY)
        : deriveTagKey(env.TUNELOOP_ADMIN_KEY || UNKEYED_SECRET),
      ...(env.DECISION_ID_KEY_PREVIOUS ? [importTagKey(env.DECISION_ID_KEY_PREVIOUS)] : []),
    ]);
    keysBySecrets.set(cacheKey, keys);
  }
  return keys;
}

/** The current key: the one issuance tags new ids with. */
export async function currentDecisionIdKey(env: DecisionIdKeyEnv): Promise<CryptoKey> {
  return (await decisionIdKeys(env))[0]!;
}

/** A new decision id of `taskType`, tagged with the current key: what recommend hands out. */
export async function issueDecisionId(
  env: DecisionIdKeyEnv,
  taskType: string,
  nowMs: number,
): Promise<string> {
  return tagDecisionId(await currentDecisionIdKey(env), newDecisionId(taskType, nowMs, crypto.randomUUID()));
}

function untaggedIssuedBeforeMs(env: DecisionIdKeyEnv): number {
  const configured = env.DECISION_IDS_TAGGED_SINCE ? Date.parse(env.DECISION_IDS_TAGGED_SINCE) : Number.NaN;
  return Number.isFinite(configured) ? configured : TAGGED_IDS_SINCE;
}

/** What the edge does with one decision id before any Durable Object sees it. */
export type IdScreening = 'issued' | 'not_found' | 'expired';

export function screeningOf(verdict: DecisionIdVerdict): IdScreening {
  if (verdict.ok) return 'issued';
  // An untagged id older than any TTL is expired if it was ours, and harmless if it was not.
  return verdict.reason === 'untagged_expired' ? 'expired' : 'not_found';
}

/**
 * Screens decision ids at the edge, in input order: only `issued` ones may reach a task
 * type's object, so a forged id (`junk-N:x`) creates no storage (issue 11, item 3).
 */
export async function screenDecisionIds(
  env: DecisionIdKeyEnv,
  decisionIds: readonly string[],
  nowMs: number,
): Promise<IdScreening[]> {
  const keys = await decisionIdKeys(env);
  const options = { nowMs, untaggedIssuedBeforeMs: untaggedIssuedBeforeMs(env) };
  return Promise.all(decisionIds.map(async (id) => screeningOf(await verifyDecisionId(id, keys, options))));
}
