// Turns raw ioredis replies (Buffers, numbers, null, nested arrays, ReplyErrors) into the
// JSON the Upstash REST API answers with.
import { ReplyError } from 'ioredis';

/**
 * A reply as JSON. With base64, every string (nested too) becomes base64 of its raw bytes,
 * which is what `@upstash/redis` asks for (`Upstash-Encoding: base64`) and decodes;
 * without it, bytes become UTF-8 text. Numbers and null pass unchanged.
 * @param {unknown} reply from `callBuffer`
 * @param {boolean} base64
 * @returns {unknown}
 */
export function encodeReply(reply, base64) {
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  if (typeof reply === 'string') return base64 ? Buffer.from(reply).toString('base64') : reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  // An error inside an array (a Lua table holding an error reply): Upstash shows its text.
  if (reply instanceof Error) return encodeReply(reply.message, base64);
  return reply ?? null;
}

/**
 * One entry of a /pipeline or /multi-exec answer. Error texts are never encoded.
 * @param {PromiseSettledResult<unknown> | { status: 'fulfilled', value: unknown }} settled
 * @param {boolean} base64
 */
export function encodeEntry(settled, base64) {
  if (settled.status === 'rejected') return { error: errorText(settled.reason) };
  if (settled.value instanceof ReplyError) return { error: errorText(settled.value) };
  return { result: encodeReply(settled.value, base64) };
}

/**
 * True for an error Redis itself answered (bad command, wrong type, NOSCRIPT…), which
 * Upstash reports as 400; false for the bridge losing Redis, which is a 503.
 * @param {unknown} error
 */
export function isRedisError(error) {
  return error instanceof ReplyError;
}

/** @param {unknown} error */
export function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}
