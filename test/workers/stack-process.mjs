// Runs the test stack in its own plain-Node process (vitest's module transform breaks
// ioredis' CommonJS interop, and a separate process is how `npm start` runs it too).
// Reads TUNELOOP_TEST_STACK (ports), DATABASE_URL and REDIS_URL; prints one JSON line
// `{"ready":true,...}` once everything listens; stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../scripts/stack/migrate.mjs';
import { startNeonProxy } from '../../scripts/stack/neon-ws-proxy.mjs';
import { startEmbeddedPostgres } from '../../scripts/stack/pglite-server.mjs';
import { startUpstashBridge } from '../../scripts/stack/upstash-bridge.mjs';
import { startWebhookSink } from './webhook-sink.mjs';

const stack = JSON.parse(process.env.TUNELOOP_TEST_STACK ?? '{}');
const stops = [];
let databaseUrl = process.env.DATABASE_URL;
let embedded = false;
if (!databaseUrl) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tuneloop-pglite-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: stack.postgresPort });
  stops.push(async () => {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  databaseUrl = pg.url;
  embedded = true;
}
await migrate(databaseUrl);
const proxy = await startNeonProxy({ port: stack.neonProxyPort });
stops.push(proxy.stop);
if (process.env.REDIS_URL) {
  const bridge = await startUpstashBridge({
    port: stack.upstashPort,
    redisUrl: process.env.REDIS_URL,
    token: stack.upstashToken,
  });
  stops.push(bridge.stop);
}
const sink = await startWebhookSink(stack.webhookPort);
stops.push(sink.stop);
console.log(JSON.stringify({ ready: true, databaseUrl, embedded, redis: Boolean(process.env.REDIS_URL) }));

const stop = async () => {
  for (const s of stops.reverse()) await s().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
