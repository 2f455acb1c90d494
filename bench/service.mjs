// `npm run bench` (service): recommend and outcome latency and throughput through the
// local stack (`npm start`: wrangler dev + workerd + the embedded or configured Postgres),
// beside a bare Hono route that calls a no-op Durable Object through the same stack, in
// the same run. Prints the figures and their ratios to the baseline.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { runLoad } from './load.mjs';
import { startService } from './service-process.mjs';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const KEY = 'tl_bench_admin_key';

/** Resident memory of every process in the service's process group, MiB (Linux /proc). */
function groupRssMiB(pgid) {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

const service = await startService({ adminKey: KEY, env: { BENCH_ROUTES: '1' } });
const { base } = service;
try {
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const post = (path, body) =>
    fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const arm = (id, temperature, maxTokens) => ({
    id,
    params: { model: 'gpt-4o-mini', temperature, maxTokens, topP: 1 },
  });
  const taskType = `bench-${Date.now().toString(36)}`;
  const put = await fetch(`${base}/v1/task-types/${taskType}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({
      baselineArmId: 'base',
      arms: [arm('base', 0.7, 800), arm('cool', 0.5, 800), arm('short', 0.7, 600), arm('warm', 0.9, 800)],
      policy: { kind: 'thompson-gaussian' },
      rollout: { phase: 'general' },
    }),
  });
  if (put.status !== 201) throw new Error(`PUT task type: ${put.status} ${await put.text()}`);

  const decisions = [];
  const scenarios = {
    baseline: (i) => post('/__bench/noop', { i }),
    recommend: async (i) => {
      const res = await post('/v1/recommend', {
        taskType,
        context: { promptTokens: 100 + (i % 50), riskTier: i % 4 },
      });
      const body = await res.clone().json();
      if (body.decisionId) decisions.push(body.decisionId);
      return res;
    },
    outcome: (i) => {
      const decisionId = decisions[i % decisions.length];
      return post('/v1/outcomes', {
        decisionId,
        quality: 0.5 + (i % 5) / 10,
        latencyMs: 300 + (i % 7) * 10,
        success: true,
      });
    },
  };
  // Warm up every path (JIT, DO instantiation, key cache) before measuring.
  for (const request of Object.values(scenarios))
    await runLoad({ durationMs: 1500, connections: CONNECTIONS, request });

  const results = {};
  for (const name of ['baseline', 'recommend', 'outcome', 'baseline2']) {
    const request = scenarios[name === 'baseline2' ? 'baseline' : name];
    results[name] = await runLoad({ durationMs: DURATION_MS, connections: CONNECTIONS, request });
  }
  const rssMiB = groupRssMiB(service.pid);
  const baseline = {
    p50Ms: (results.baseline.p50Ms + results.baseline2.p50Ms) / 2,
    p99Ms: (results.baseline.p99Ms + results.baseline2.p99Ms) / 2,
    perSecond: (results.baseline.perSecond + results.baseline2.perSecond) / 2,
  };
  const fmt = (x) => x.toFixed(2);
  console.log(
    `\ntuneloop service bench — ${new Date().toISOString()} — ${os.cpus().length} cores, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s per scenario`,
  );
  console.log('scenario    requests  errors  req/s     p50 ms  p99 ms   p50×base  p99×base  throughput×base');
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(11)} ${String(r.count).padStart(8)}  ${String(r.errors).padStart(6)}  ${fmt(r.perSecond).padStart(8)}  ${fmt(r.p50Ms).padStart(6)}  ${fmt(r.p99Ms).padStart(6)}   ${fmt(r.p50Ms / baseline.p50Ms).padStart(7)}   ${fmt(r.p99Ms / baseline.p99Ms).padStart(7)}   ${fmt(r.perSecond / baseline.perSecond).padStart(7)}`,
    );
  }
  console.log(`service processes' resident memory after the run: ${rssMiB.toFixed(0)} MiB`);
  mkdirSync('bench/out', { recursive: true });
  writeFileSync(
    `bench/out/service-${Date.now()}.json`,
    JSON.stringify({ at: new Date().toISOString(), baseline, results, rssMiB }, null, 2),
  );
} finally {
  await service.stop();
}
process.exit(0);
