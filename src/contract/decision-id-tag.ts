/**
 * Decision ids this service issued, recognisable without storage: a keyed tag (HMAC-SHA256,
 * truncated to 96 bits, base64url) over the untagged id, after a `.` (a character no task type
 * and no base36/hex body holds). A forged id then costs a 404 at the edge and nothing else.
 *
 * Untagged id (first release, src/optimizer/decision-id.ts): `<taskType>:<issued ms base36><16 hex>`.
 * Tagged id: `<untagged>.<tag>`. Ids issued before tags keep working for their TTL: an
 * untagged id is accepted only while its own issue time lies before the switch to tags and
 * within the longest decision TTL of now. Pure: WebCrypto only, time as an argument.
 */

/** 96 bits: forging one by chance takes 2^96 tries; 16 characters of base64url. */
const TAG_BYTES = 12;
const TAG_PATTERN = /^[A-Za-z0-9_-]{16}$/;
/** The body after the colon: base36 issue time (at least 1 char) and 16 hex characters. */
const BODY_PATTERN = /^([0-9a-z]{1,11})([0-9a-f]{16})$/;
const TASK_TYPE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const encoder = new TextEncoder();

/** Imports raw secret bytes (or text) as an HMAC-SHA256 key for tagging decision ids. */
export async function importTagKey(secret: string | Uint8Array): Promise<CryptoKey> {
  const raw = typeof secret === 'string' ? encoder.encode(secret) : secret;
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/**
 * A tag key derived from another secret (e.g. the admin key) for this one purpose, so the
 * tag reveals nothing usable about that secret: HMAC(secret, label).
 */
export async function deriveTagKey(
  secret: string,
  label = 'tuneloop decision-id tag v1',
): Promise<CryptoKey> {
  const parent = await importTagKey(secret);
  const derived = new Uint8Array(await crypto.subtle.sign('HMAC', parent, encoder.encode(label)));
  return importTagKey(derived);
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The tag of an untagged id under `key`. */
export async function decisionIdTag(key: CryptoKey, untaggedId: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(untaggedId)));
  return base64url(mac.subarray(0, TAG_BYTES));
}

/** `untaggedId` with its tag appended: what wave 2's issuance returns to clients. */
export async function tagDecisionId(key: CryptoKey, untaggedId: string): Promise<string> {
  return `${untaggedId}.${await decisionIdTag(key, untaggedId)}`;
}

/** The parts of a decision id, or null when it has neither shape. */
export interface DecisionIdParts {
  taskType: string;
  /** the id without its tag: what the object stores and the tag signs */
  untagged: string;
  issuedAtMs: number;
  tag: string | null;
}

export function parseDecisionId(decisionId: string): DecisionIdParts | null {
  const colon = decisionId.indexOf(':');
  if (colon < 1) return null;
  const taskType = decisionId.slice(0, colon);
  if (!TASK_TYPE.test(taskType)) return null;
  const dot = decisionId.indexOf('.', colon);
  const untagged = dot < 0 ? decisionId : decisionId.slice(0, dot);
  const tag = dot < 0 ? null : decisionId.slice(dot + 1);
  if (tag !== null && !TAG_PATTERN.test(tag)) return null;
  const body = BODY_PATTERN.exec(untagged.slice(colon + 1));
  if (!body) return null;
  const issuedAtMs = Number.parseInt(body[1]!, 36);
  if (!Number.isSafeInteger(issuedAtMs)) return null;
  return { taskType, untagged, issuedAtMs, tag };
}

/** The longest decision TTL a config admits (src/contract/task-type.ts: 30 days). */
export const MAX_DECISION_TTL_MS = 30 * 86_400_000;

export interface VerifyOptions {
  nowMs: number;
  /** when issuance switched to tagged ids: untagged ids issued later are forged */
  untaggedIssuedBeforeMs: number;
  /** how long an untagged id may be honoured after its issue time */
  maxTtlMs?: number;
}

export type DecisionIdVerdict =
  | { ok: true; parts: DecisionIdParts; legacy: boolean }
  | { ok: false; reason: 'malformed' | 'bad_tag' | 'untagged_too_new' | 'untagged_expired' };

/**
 * Whether this service issued `decisionId`: its tag verifies under one of `keys` (the
 * current key first, then retired ones), or it is an untagged id of the first release still
 * inside its TTL. Compares tags in constant time.
 */
export async function verifyDecisionId(
  decisionId: string,
  keys: readonly CryptoKey[],
  options: VerifyOptions,
): Promise<DecisionIdVerdict> {
  const parts = parseDecisionId(decisionId);
  if (!parts) return { ok: false, reason: 'malformed' };
  if (parts.tag === null) {
    if (parts.issuedAtMs >= options.untaggedIssuedBeforeMs) return { ok: false, reason: 'untagged_too_new' };
    if (options.nowMs - parts.issuedAtMs > (options.maxTtlMs ?? MAX_DECISION_TTL_MS))
      return { ok: false, reason: 'untagged_expired' };
    return { ok: true, parts, legacy: true };
  }
  for (const key of keys) {
    if (constantTimeEqual(await decisionIdTag(key, parts.untagged), parts.tag))
      return { ok: true, parts, legacy: false };
  }
  return { ok: false, reason: 'bad_tag' };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
