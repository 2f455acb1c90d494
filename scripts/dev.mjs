// `npm start`: the local stack (scripts/stack) plus `wrangler dev`, wired together.
// Env: DATABASE_URL (else embedded PGlite in TUNELOOP_DATA_DIR, default .data/pglite),
// REDIS_URL (else no rate limiting), PORT (8787), TUNELOOP_ADMIN_KEY (else a fresh one, printed),
// NEON_PROXY_PORT (else a free one: the faults bench fixes it to reach the proxy's /__fault).
// Anything after `--` goes to wrangler: `npm start -- --log-level debug`.
import { randomBytes } from 'node:crypto';
import { isPortFree } from './stack/free-port.mjs';
import { startStack } from './stack/index.mjs';
import { spawnWrangler, waitForHealthy } from './stack/wrangler-process.mjs';

if (Number(process.versions.node.split('.')[0]) < 22) {
  console.error(`wrangler needs Node 22; this is ${process.version}. Run it as \`npm start\`.`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 8787);
const adminKey = process.env.TUNELOOP_ADMIN_KEY || `tl_admin_${randomBytes(24).toString('base64url')}`;
const keyWasGenerated = !process.env.TUNELOOP_ADMIN_KEY;
const dataDir = process.env.TUNELOOP_DATA_DIR || '.data/pglite';

if (!(await isPortFree(port))) {
  console.error(`Port ${port} is taken (another \`npm start\`?). Free it or set PORT.`);
  process.exit(1);
}

const stack = await startStack({
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: process.env.REDIS_URL || undefined,
  dataDir,
  ports: { neonProxy: Number(process.env.NEON_PROXY_PORT ?? 0) },
});
reportMigrations(stack.migrations);

/** @type {Record<string, string>} */
const vars = {
  DATABASE_URL: stack.databaseUrl,
  NEON_WS_PROXY: `127.0.0.1:${stack.neonProxyPort}/v1`,
  TUNELOOP_ADMIN_KEY: adminKey,
};
if (stack.upstash) {
  vars.UPSTASH_REDIS_REST_URL = stack.upstash.url;
  vars.UPSTASH_REDIS_REST_TOKEN = stack.upstash.token;
}
// The benchmark's bare baseline route (bench/service.mjs) is mounted only when asked for.
if (process.env.BENCH_ROUTES) vars.BENCH_ROUTES = process.env.BENCH_ROUTES;
const wrangler = spawnWrangler({ port, vars, extraArgs: process.argv.slice(2) });

let stopping = false;
/** Stops wrangler's whole process group, then the stack, then exits. */
async function shutdown(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  await wrangler.stop();
  await stack.stop();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(130));
process.on('SIGTERM', () => shutdown(143));
wrangler.exited.then(({ code }) => {
  if (!stopping) console.error(`wrangler exited (${code ?? 'signal'}); stopping the stack.`);
  shutdown(code ?? 1);
});

const baseUrl = `http://127.0.0.1:${port}`;
const health = await waitForHealthy(`${baseUrl}/health`, { exited: wrangler.exited });
if (health === 'ready') printBanner();
else {
  if (health === 'timeout') console.error(`The worker did not answer ${baseUrl}/health in time.`);
  await shutdown(1);
}

function printBanner() {
  const database = stack.embedded
    ? `embedded PGlite in ${dataDir}, ${stack.databaseUrl}\n` +
      '                 (one connection at a time: an open psql session stalls the worker; set DATABASE_URL for a real Postgres)'
    : redactPassword(stack.databaseUrl);
  const lines = [
    '',
    `tuneloop is ready at ${baseUrl}`,
    `  ops key:       ${adminKey}${keyWasGenerated ? '   (generated; set TUNELOOP_ADMIN_KEY to keep one)' : ''}`,
    `  postgres:      ${database}`,
    `  rate limiting: ${stack.upstash ? `on (Redis ${redactPassword(/** @type {string} */ (process.env.REDIS_URL))} via the Upstash bridge)` : 'off (REDIS_URL not set)'}`,
    `  crons:         curl "${baseUrl}/__scheduled?cron=*+*+*+*+*"`,
    '',
    'Try:',
    `  export KEY=${adminKey}`,
    `  curl -H "authorization: Bearer $KEY" ${baseUrl}/v1/task-types`,
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

function reportMigrations(/** @type {Awaited<ReturnType<typeof startStack>>['migrations']} */ result) {
  if ('skipped' in result) console.warn(`migrations skipped: ${result.skipped}`);
  else console.log(`migrations: ${result.applied} applied now, ${result.total} in total`);
}

function redactPassword(/** @type {string} */ url) {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
