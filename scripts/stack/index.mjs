// The local stack in one call, for `npm start` (scripts/dev.mjs) and test setup:
// Postgres (embedded PGlite unless a URL is given), the Neon WebSocket proxy in front of
// it, the Upstash bridge when there is a Redis, and the schema migrated.
import { resolve } from 'node:path';
import { migrate } from './migrate.mjs';
import { startNeonProxy } from './neon-ws-proxy.mjs';
import { startEmbeddedPostgres } from './pglite-server.mjs';
import { startUpstashBridge } from './upstash-bridge.mjs';

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/**
 * @typedef {object} StackOptions
 * @property {string} [databaseUrl] a real Postgres; without it PGlite runs embedded
 * @property {string} [redisUrl] a real Redis; without it there is no Upstash bridge
 * @property {string} [dataDir] PGlite's data folder, relative to the working directory
 * @property {{ postgres?: number, neonProxy?: number, upstash?: number }} [ports] 0 or absent: a free one
 * @property {string} [upstashToken] default: random
 */

/**
 * @typedef {object} Stack
 * @property {string} databaseUrl what the Worker's DATABASE_URL should be
 * @property {number} neonProxyPort the Worker's NEON_WS_PROXY is `127.0.0.1:<port>/v1`
 * @property {{ url: string, token: string }} [upstash] UPSTASH_REDIS_REST_URL / _TOKEN
 * @property {boolean} embedded true when the database is the embedded PGlite
 * @property {Awaited<ReturnType<typeof migrate>>} migrations what migrate() did
 * @property {() => Promise<void>} stop stops everything this call started
 */

/**
 * Starts the stack; on any failure, stops whatever had started and rethrows.
 * @param {StackOptions} [options]
 * @returns {Promise<Stack>}
 */
export async function startStack({
  databaseUrl,
  redisUrl,
  dataDir = '.data/pglite',
  ports = {},
  upstashToken,
} = {}) {
  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  const stop = async () => {
    for (const stopOne of stops.splice(0).reverse()) await stopOne().catch(() => {});
  };
  try {
    const embedded = !databaseUrl;
    if (!databaseUrl) {
      const pglite = await startEmbeddedPostgres({ dataDir: resolve(dataDir), port: ports.postgres ?? 0 });
      stops.push(pglite.stop);
      databaseUrl = pglite.url;
    }
    const proxy = await startNeonProxy({
      port: ports.neonProxy ?? 0,
      allowedHosts: allowedHostsFor(databaseUrl),
    });
    stops.push(proxy.stop);

    let upstash;
    if (redisUrl) {
      const bridge = await startUpstashBridge({ port: ports.upstash ?? 0, redisUrl, token: upstashToken });
      stops.push(bridge.stop);
      upstash = { url: bridge.url, token: bridge.token };
    }

    const migrations = await migrate(databaseUrl);
    return { databaseUrl, neonProxyPort: proxy.port, upstash, embedded, migrations, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The proxy dials only the database's host (and its loopback aliases, if it is local). */
function allowedHostsFor(/** @type {string} */ databaseUrl) {
  const host = new URL(databaseUrl).hostname.replace(/^\[|\]$/g, '');
  return LOOPBACK.includes(host) ? LOOPBACK : [host];
}
