// Upstash accepts Lua shebang flags that Redis does not: @upstash/ratelimit ≥ 2.2 starts
// its scripts with `#!lua flags=allow-key-locking` (lock only the declared KEYS), which
// Redis rejects with "Unexpected flag in script shebang". The bridge drops such flags.
// That changes the script's SHA, so we remember sha(as sent) → sha(as run): the client's
// EVALSHA with its precomputed hash then hits instead of always falling back to EVAL.
import { createHash } from 'node:crypto';

/** Flags only Upstash understands; Redis runs every script atomically anyway. */
const UPSTASH_ONLY_FLAGS = new Set(['allow-key-locking']);

/**
 * @typedef {object} Translated
 * @property {string[]} command what to send to Redis
 * @property {(reply: unknown) => unknown} [reply] rewrites Redis's reply, if needed
 */

/** @returns {{ translate: (command: string[]) => Translated }} */
export function createScriptTranslator() {
  /** @type {Map<string, string>} */
  const runAs = new Map();

  /** Redis-compatible text of `script`, remembering the SHA alias if it changed. */
  const adapt = (/** @type {string} */ script) => {
    const adapted = stripUpstashFlags(script);
    if (adapted !== script) runAs.set(sha1(script), sha1(adapted));
    return adapted;
  };
  const resolve = (/** @type {string} */ sha) => runAs.get(sha.toLowerCase()) ?? sha;

  return {
    translate(command) {
      const [name, ...args] = command;
      if ((name === 'EVAL' || name === 'EVAL_RO') && args.length > 0) {
        return { command: [name, adapt(args[0]), ...args.slice(1)] };
      }
      if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && args.length > 0) {
        return { command: [name, resolve(args[0]), ...args.slice(1)] };
      }
      const sub = name === 'SCRIPT' ? args[0]?.toUpperCase() : undefined;
      if (sub === 'LOAD' && args.length === 2) {
        // Answer with the SHA of the script as sent, which is what the caller will use.
        return { command: [name, 'LOAD', adapt(args[1])], reply: () => sha1(args[1]) };
      }
      if (sub === 'EXISTS') return { command: [name, 'EXISTS', ...args.slice(1).map(resolve)] };
      return { command };
    },
  };
}

/** Removes Upstash-only flags from a leading `#!lua flags=…` line. */
export function stripUpstashFlags(/** @type {string} */ script) {
  const match = /^#!lua([ \t]+flags=([^\r\n]*))?(\r?\n|$)/.exec(script);
  if (!match?.[2]) return script;
  const flags = match[2]
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const kept = flags.filter((flag) => !UPSTASH_ONLY_FLAGS.has(flag));
  if (kept.length === flags.length) return script;
  const shebang = kept.length > 0 ? `#!lua flags=${kept.join(',')}` : '#!lua';
  return shebang + script.slice(match[0].length - match[3].length);
}

const sha1 = (/** @type {string} */ text) => createHash('sha1').update(text).digest('hex');
