// `npm run bench -- faults`: the service as `npm start` runs it (wrangler dev, the Neon WebSocket
// proxy, the Upstash bridge) on the machine's PostgreSQL (a scratch database on DATABASE_URL's
// server) and Redis (REDIS_URL, through a relay the bench can cut). It measures capacity for a
// few seconds, then runs 60 s of agent traffic at that rate while, in turn, Postgres refuses
// connections, Postgres refuses one row, and Redis goes away and comes back. Afterwards the
// export must hold every decision served exactly once — after the refused row, named by a 503,
// was resolved with POST …/outbox/retry. Prints per phase requests, errors and latency.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { getFreePort } from '../scripts/stack/free-port.mjs';
import {
  acceptAllRows,
  createScratchDatabase,
  REFUSED_REQUEST_ID,
  refuseOneRow,
} from './faults-postgres.mjs';
import { quantile, startAgents } from './faults-traffic.mjs';
import { startService } from './service-process.mjs';
import { startTcpRelay } from './tcp-relay.mjs';

const DATABASE_SERVER = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const CAPACITY_MS = 6000;
const KEY = 'tl_faults_admin_key';
/** [name, seconds]: 60 s in all; each fault starts with its phase and ends with it. */
const PHASES = [
  ['steady', 10],
  ['postgres refuses connections', 15],
  ['postgres refuses one row', 10],
  ['redis away', 15],
  ['recovered', 10],
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const redisTarget = new URL(REDIS_URL);
const db = await createScratchDatabase(DATABASE_SERVER);
const relay = await startTcpRelay({ host: redisTarget.hostname, port: Number(redisTarget.port || 6379) });
const relayedRedis = new URL(REDIS_URL);
relayedRedis.hostname = '127.0.0.1';
relayedRedis.port = String(relay.port);
const proxyPort = await getFreePort();
/** @type {Awaited<ReturnType<typeof startService>> | undefined} */
let service;
let passed = false;
try {
  service = await startService({
    adminKey: KEY,
    env: { DATABASE_URL: db.url, REDIS_URL: relayedRedis.toString(), NEON_PROXY_PORT: String(proxyPort) },
  });
  const { base } = service;
  const ops = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const api = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: ops, body: body && JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  };
  const setPostgresFault = (mode) =>
    fetch(`http://127.0.0.1:${proxyPort}/__fault`, { method: 'POST', body: JSON.stringify({ mode }) });

  const agentKey = (
    await api('POST', '/v1/api-keys', {
      name: 'faults agent',
      scopes: ['agent'],
      rateLimitPerMinute: 1_000_000,
    })
  ).json().key;
  const stamp = Date.now().toString(36);
  const taskTypes = ['summarize', 'classify', 'extract'].map((t) => `faults-${t}-${stamp}`);
  for (const taskType of taskTypes) {
    const arm = (id, temperature) => ({
      id,
      params: { model: 'gpt-4o-mini', temperature, maxTokens: 600, topP: 1 },
    });
    const put = await api('PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'base',
      arms: [arm('base', 0.7), arm('cool', 0.5), arm('warm', 0.9)],
      policy: { kind: 'thompson-gaussian' },
      rollout: { phase: 'general' },
    });
    if (put.status !== 201) throw new Error(`PUT ${taskType}: ${put.status} ${put.text}`);
  }
  const since = new Date(Date.now() - 60_000).toISOString();

  // Capacity: as fast as CONNECTIONS agents go, after a short warm-up.
  const agentOptions = { base, key: agentKey, taskTypes, connections: CONNECTIONS };
  const probe = startAgents({
    ...agentOptions,
    requestsPerSecond: 1e9,
    phaseOf: () => 'capacity',
    label: 'probe',
  });
  await sleep(CAPACITY_MS);
  await probe.stop();
  const probeStats = /** @type {import('./faults-traffic.mjs').PhaseStats} */ (probe.phases.get('capacity'));
  const capacity = probeStats.count / (CAPACITY_MS / 1000);

  let phase = 'steady';
  const agents = startAgents({
    ...agentOptions,
    requestsPerSecond: capacity,
    phaseOf: () => phase,
    label: 'agent',
  });
  /** @type {Record<string, unknown>} */
  const healthSeen = {};
  let refusedId;
  for (const [name, seconds] of PHASES) {
    phase = name;
    if (name === 'postgres refuses connections') await setPostgresFault('refuse');
    if (name === 'postgres refuses one row') {
      await refuseOneRow(db.url);
      refusedId = agents.once(REFUSED_REQUEST_ID);
    }
    if (name === 'redis away') await relay.down();
    await sleep((seconds * 1000) / 2);
    healthSeen[name] = (await api('GET', '/health')).json();
    await sleep((seconds * 1000) / 2);
    if (name === 'postgres refuses connections') await setPostgresFault(null);
    if (name === 'redis away') await relay.up();
  }
  await agents.stop();
  refusedId = await refusedId;

  // The export: the refused row's task type answers 503 naming it; the others 200.
  const exportOf = (taskType) =>
    api('GET', `/v1/task-types/${taskType}/decisions?since=${encodeURIComponent(since)}`);
  const settledExport = async (taskType) => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const res = await exportOf(taskType);
      const namesSetAside = res.status === 503 && res.json().errors?.length > 0;
      if (res.status === 200 || namesSetAside || Date.now() > deadline) return res;
      await sleep(2000);
    }
  };
  const refusedTaskType = taskTypes.find((t) => refusedId?.startsWith(`${t}:`));
  const before = await settledExport(/** @type {string} */ (refusedTaskType));
  const named = before.status === 503 ? before.json().errors.map((e) => e.value) : [];
  await acceptAllRows(db.url);
  const retry = await api('POST', `/v1/task-types/${refusedTaskType}/outbox/retry`);

  const exported = [];
  const exportStatus = {};
  for (const taskType of taskTypes) {
    const res = await settledExport(taskType);
    exportStatus[taskType] = res.status;
    // Why a task type never exported: its outbox as its status tells it.
    if (res.status !== 200)
      exportStatus[`${taskType} outbox`] = (await api('GET', `/v1/task-types/${taskType}`)).json().outbox;
    if (res.status === 200)
      for (const line of res.text.split('\n').filter(Boolean)) exported.push(JSON.parse(line).decisionId);
  }
  const served = [...probe.served, ...agents.served];
  const exportedSet = new Set(exported);
  const servedSet = new Set(served);
  const check = {
    served: served.length,
    servedDistinct: servedSet.size,
    exported: exported.length,
    missing: served.filter((id) => !exportedSet.has(id)).length,
    duplicates: exported.length - exportedSet.size,
    notServed: exported.filter((id) => !servedSet.has(id)).length,
    refusedId,
    exportBeforeRetry: before.status,
    exportNamedRefusedId: named.includes(refusedId),
    retry: { status: retry.status, body: retry.status === 200 ? retry.json() : retry.text },
    exportAfterRetry: exportStatus,
  };
  passed =
    check.missing === 0 &&
    check.servedDistinct === check.served &&
    check.duplicates === 0 &&
    check.exportBeforeRetry === 503 &&
    check.exportNamedRefusedId &&
    taskTypes.every((t) => exportStatus[t] === 200);

  const rows = [['capacity probe', probeStats], ...PHASES.map(([name]) => [name, agents.phases.get(name)])];
  const fmt = (x) => x.toFixed(1).padStart(7);
  console.log(
    `\ntuneloop faults bench — ${new Date().toISOString()} — ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, ${CONNECTIONS} connections, ` +
      `target ${capacity.toFixed(0)} req/s (the capacity probe's rate); Postgres: ${DATABASE_SERVER.replace(/\/\/[^@]*@/, '//')} (scratch db), Redis: ${redisTarget.host} via a relay`,
  );
  console.log('phase                          requests  req/s   p50 ms   p99 ms  rec p99  statuses');
  const summary = {};
  for (const [name, stats] of rows) {
    if (!stats) continue;
    const seconds = name === 'capacity probe' ? CAPACITY_MS / 1000 : PHASES.find(([n]) => n === name)[1];
    const row = {
      requests: stats.count,
      perSecond: stats.count / seconds,
      p50Ms: quantile(stats.latencies, 0.5),
      p99Ms: quantile(stats.latencies, 0.99),
      recommendP99Ms: quantile(stats.recommendLatencies, 0.99),
      byStatus: stats.byStatus,
      health: healthSeen[name],
    };
    summary[name] = row;
    console.log(
      `${name.padEnd(30)} ${String(row.requests).padStart(8)} ${fmt(row.perSecond)} ${fmt(row.p50Ms)}  ${fmt(row.p99Ms)}  ${fmt(row.recommendP99Ms)}  ${JSON.stringify(row.byStatus)}`,
    );
  }
  console.log('/health (ops key) at mid-phase:', JSON.stringify(healthSeen));
  console.log('export check:', JSON.stringify(check, null, 2));
  console.log(passed ? 'PASS: every decision served is in the export exactly once' : 'FAIL');
  mkdirSync('bench/out', { recursive: true });
  writeFileSync(
    `bench/out/faults-${Date.now()}.json`,
    JSON.stringify({ at: new Date().toISOString(), capacity, phases: summary, check, passed }, null, 2),
  );
} finally {
  await service?.stop();
  await relay.stop();
  await db.drop();
}
process.exit(passed ? 0 : 1);
