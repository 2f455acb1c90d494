// A local stand-in for Upstash's REST API in front of a real Redis, so `@upstash/redis`
// (HTTP only) and `@upstash/ratelimit` run unchanged in `wrangler dev` and the tests.
// Protocol as the client uses it (FACTS.md): POST / one command, POST /pipeline (the
// client auto-pipelines, so even a lone GET lands there), POST /multi-exec, Bearer auth,
// Redis errors as 400 {error}, and base64 results when asked.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Redis } from 'ioredis';
import { createScriptTranslator } from './upstash-lua.mjs';
import { encodeEntry, encodeReply, errorText, isRedisError } from './upstash-reply.mjs';

// Commands that would change the state of the one connection every request shares,
// or block it for everyone. Upstash's REST API has no such commands either.
const CONNECTION_STATE = new Set([
  'MULTI',
  'EXEC',
  'DISCARD',
  'WATCH',
  'UNWATCH',
  'SELECT',
  'HELLO',
  'RESET',
  'QUIT',
  'AUTH',
  'SUBSCRIBE',
  'PSUBSCRIBE',
  'SSUBSCRIBE',
  'MONITOR',
  'CLIENT',
  'BLPOP',
  'BRPOP',
  'BLMOVE',
  'BRPOPLPUSH',
  'BLMPOP',
  'BZPOPMIN',
  'BZPOPMAX',
  'BZMPOP',
  'WAIT',
]);

/**
 * Starts the bridge on 127.0.0.1.
 * @param {{ port?: number, redisUrl: string, token?: string }} options port 0 (default) picks a
 *   free one; token defaults to a random one
 * @returns {Promise<{ url: string, token: string, stop: () => Promise<void> }>}
 */
export async function startUpstashBridge({ port = 0, redisUrl, token = randomBytes(16).toString('hex') }) {
  const redis = new Redis(redisUrl, {
    // ioredis 6 defaults to RESP3, whose reply shapes differ (ZRANGE … WITHSCORES nests
    // pairs); Upstash answers in RESP2 shapes and the client parses those.
    protocol: 2,
    // With auto-pipelining, callBuffer loses the command name (FACTS.md).
    enableAutoPipelining: false,
    lazyConnect: true,
    // Fail a request after one retry instead of queueing it while Redis is down.
    maxRetriesPerRequest: 1,
  });
  redis.on('error', () => {}); // reconnects on its own; requests meanwhile answer 503
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Upstash bridge: cannot reach Redis at ${redisUrl}: ${errorText(error)}`);
  }

  const scripts = createScriptTranslator();
  const run = async (/** @type {string[]} */ command) => {
    if (CONNECTION_STATE.has(command[0])) throw new UnsupportedCommand(command[0]);
    const {
      command: [name, ...args],
      reply,
    } = scripts.translate(command);
    const result = await redis.callBuffer(name, ...args);
    return reply ? reply(result) : result;
  };

  const server = http.createServer(async (req, res) => {
    const send = (/** @type {number} */ status, /** @type {unknown} */ body) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    try {
      const url = new URL(req.url ?? '/', 'http://bridge');
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if ((bearer ?? url.searchParams.get('_token')) !== token) return send(401, { error: 'Unauthorized' });
      const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
      const body = await readBody(req);

      if (req.method === 'POST' && url.pathname === '/pipeline') {
        const settled = await Promise.allSettled(parseCommands(body).map(run));
        return send(...answerMany(settled, base64));
      }
      if (req.method === 'POST' && url.pathname === '/multi-exec') {
        return send(...(await multiExec(redis, scripts, parseCommands(body), base64)));
      }
      const command = url.pathname === '/' ? parseCommand(JSON.parse(body)) : pathCommand(url, body);
      return send(200, { result: encodeReply(await run(command), base64) });
    } catch (error) {
      // Bad JSON or command shape, an unsupported command, or Redis said no: the caller's fault.
      const callersFault =
        error instanceof SyntaxError || error instanceof TypeError || isCallersFault(error);
      send(callersFault ? 400 : 503, { error: errorText(error) });
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    url: `http://127.0.0.1:${address.port}`,
    token,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      redis.disconnect();
    },
  };
}

/**
 * MULTI, the commands and EXEC written in one tick, so no other request's command can
 * land inside the transaction on the shared connection.
 * @param {Redis} redis
 * @param {ReturnType<typeof createScriptTranslator>} scripts
 * @param {string[][]} commands
 * @param {boolean} base64
 * @returns {Promise<[number, unknown]>}
 */
async function multiExec(redis, scripts, commands, base64) {
  const bad = commands.find(([name]) => CONNECTION_STATE.has(name));
  if (bad) return [400, { error: new UnsupportedCommand(bad[0]).message }];
  const translated = commands.map((command) => scripts.translate(command));
  const pending = [
    redis.callBuffer('MULTI'),
    ...translated.map(({ command: [name, ...args] }) => redis.callBuffer(name, ...args)),
    redis.callBuffer('EXEC'),
  ];
  const settled = await Promise.allSettled(pending);
  const exec = /** @type {PromiseSettledResult<unknown>} */ (settled.at(-1));
  // EXECABORT: a command was rejected while queueing, nothing ran.
  if (exec.status === 'rejected')
    return [isRedisError(exec.reason) ? 400 : 503, { error: errorText(exec.reason) }];
  const replies = /** @type {unknown[]} */ (exec.value ?? []);
  return [
    200,
    replies.map((value, i) => {
      const rewrite = isRedisError(value) ? undefined : translated[i]?.reply;
      return encodeEntry({ status: 'fulfilled', value: rewrite ? rewrite(value) : value }, base64);
    }),
  ];
}

/**
 * A pipeline answer: per-command results and Redis errors; 503 if Redis itself was lost.
 * @param {PromiseSettledResult<unknown>[]} settled
 * @param {boolean} base64
 * @returns {[number, unknown]}
 */
function answerMany(settled, base64) {
  const lost = settled.find((s) => s.status === 'rejected' && !isCallersFault(s.reason));
  if (lost?.status === 'rejected') return [503, { error: errorText(lost.reason) }];
  return [200, settled.map((s) => encodeEntry(s, base64))];
}

class UnsupportedCommand extends Error {
  constructor(/** @type {string} */ name) {
    super(`ERR ${name} is not supported by the local Upstash bridge`);
  }
}

/** Errors that are the request's fault (400), as opposed to losing Redis (503). */
const isCallersFault = (/** @type {unknown} */ e) => isRedisError(e) || e instanceof UnsupportedCommand;

/** `["set", "k", 1]` → `["SET", "k", "1"]`: upper-case so ioredis applies no reply transformer. */
function parseCommand(/** @type {unknown} */ raw) {
  if (!Array.isArray(raw) || raw.length === 0) throw new TypeError('ERR a command is a non-empty JSON array');
  const [name, ...args] = raw.map((part) => (typeof part === 'string' ? part : JSON.stringify(part)));
  return [name.toUpperCase(), ...args];
}

function parseCommands(/** @type {string} */ body) {
  const raw = JSON.parse(body);
  if (!Array.isArray(raw) || raw.length === 0) throw new TypeError('ERR expected a JSON array of commands');
  return raw.map(parseCommand);
}

/** Upstash's path form, `GET /set/key/value`; a POST body becomes the last argument. */
function pathCommand(/** @type {URL} */ url, /** @type {string} */ body) {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (body) parts.push(body);
  return parseCommand(parts);
}

/** @returns {Promise<string>} */
async function readBody(/** @type {http.IncomingMessage} */ req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}
