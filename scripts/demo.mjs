// `npm run demo`: a fleet of simulated agents against a running tuneloop, so the dashboard moves.
// Creates a few task types, each with a hidden world (the true quality, latency, tokens and
// failure rate of every arm), then asks for parameters and reports outcomes, as agents would:
// latency, tokens and success right after the call, quality a moment later from a "judge".
//
// Env: BASE (default http://127.0.0.1:8787), KEY (an ops key; default TUNELOOP_ADMIN_KEY),
// DURATION_S (default 60; 0 runs until Ctrl-C), AGENTS (concurrent agents, default 8),
// PREFIX (task type name prefix, default "demo"). `npm run demo -- routing`: the MMLU routing scenario.
import { spawnSync } from 'node:child_process';

const BASE = (process.env.BASE ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
const KEY = process.env.KEY ?? process.env.TUNELOOP_ADMIN_KEY;
const DURATION_S = Number(process.env.DURATION_S ?? 60);
const AGENTS = Number(process.env.AGENTS ?? 8);
const PREFIX = process.env.PREFIX ?? 'demo';

if (!KEY) {
  console.error('Set KEY to an ops key (npm start prints one), e.g. KEY=... npm run demo');
  process.exit(2);
}

const params = (temperature, maxTokens, model = 'gpt-4o-mini') => ({
  model,
  temperature,
  maxTokens,
  topP: 1,
});

/** An arm: the params it serves, and its truth (what the service never sees; it has to learn it). */
const arm = (temperature, maxTokens, quality, sd, latencyMs, tokens, failure) => [
  params(temperature, maxTokens),
  { quality, sd, latencyMs, tokens, failure },
];

/**
 * The worlds. Each arm a row: the temperature and maxTokens it serves, then its truth: mean
 * quality and its noise (sd), mean latency (ms), completion tokens, failure rate.
 */
// biome-ignore format: the arms read best as a table with aligned columns
const WORLDS = [
  {
    name: 'support-reply', phase: 'general', weight: 3,
    note: 'a clear winner: the cooler arm',
    slo: { latencyP99Ms: 2500, qualityMin: 0.6, errorRateMax: 0.05 },
    budget: { dailyTokens: 50_000_000 },
    arms: {
      //           temperature  maxTokens  quality  sd    latencyMs  tokens  failure
      base:    arm(0.7,         800,       0.72,    0.08, 900,       420,    0.01),
      cool:    arm(0.5,         800,       0.84,    0.08, 850,       400,    0.01),
      short:   arm(0.7,         600,       0.7,     0.08, 650,       300,    0.01),
      warm:    arm(0.9,         800,       0.62,    0.1,  950,       460,    0.02),
    },
  },
  {
    name: 'code-review', phase: 'canary', weight: 2,
    note: 'close arms; canary serves the policy to 5 %',
    slo: { latencyP99Ms: 4000, qualityMin: 0.6 },
    arms: {
      base:    arm(0.3,         1200,      0.8,     0.1,  1800,      900,    0.01),
      focused: arm(0.1,         1200,      0.82,    0.1,  1750,      880,    0.01),
      brief:   arm(0.3,         1000,      0.78,    0.1,  1400,      700,    0.01),
    },
  },
  {
    name: 'extract-fields', phase: 'shadow', weight: 1,
    note: 'shadow: only the baseline is served; a small budget runs out',
    budget: { dailyTokens: 60_000 },
    arms: {
      base:    arm(0,           400,       0.9,     0.05, 400,       150,    0.005),
      loose:   arm(0.2,         400,       0.87,    0.06, 420,       160,    0.005),
    },
  },
  {
    name: 'flaky-tool', phase: 'general', weight: 1,
    note: 'one arm fails often: its reward drops',
    arms: {
      base:    arm(0.6,         500,       0.75,    0.1,  700,       250,    0.02),
      long:    arm(0.6,         700,       0.8,     0.1,  1100,      380,    0.25),
      cool:    arm(0.4,         500,       0.77,    0.1,  690,       240,    0.02),
    },
  },
];

async function call(method, path, body) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {
    data = text;
  }
  return { status: res.status, data, retryAfterS: Number(res.headers.get('retry-after') ?? 1) };
}

/** Creates (or replaces, keeping the phase it has) each world's task type. */
async function setUp(world) {
  const name = `${PREFIX}-${world.name}`;
  const existing = await call('GET', `/v1/task-types/${name}`);
  const config = {
    baselineArmId: 'base',
    arms: Object.entries(world.arms).map(([id, [p]]) => ({ id, params: p })),
    policy: { kind: 'thompson-gaussian' },
    features: [{ name: 'promptTokens', kind: 'log' }],
    reward: { weights: { quality: 1, latency: 0.05, tokens: 0.05 }, qualityFloor: 0.5 },
    ...(world.slo ? { slo: world.slo } : {}),
    ...(world.budget ? { budget: world.budget } : {}),
    ...(existing.status === 200 ? {} : { rollout: { phase: world.phase } }),
  };
  const put = await call('PUT', `/v1/task-types/${name}`, config);
  if (put.status !== 200 && put.status !== 201)
    throw new Error(`PUT ${name}: ${put.status} ${JSON.stringify(put.data)}`);
  console.log(`${put.status === 201 ? 'created ' : 'updated '} ${name.padEnd(24)} ${world.note}`);
  return { ...world, taskType: name };
}

// A small seeded PRNG, so two runs drive the same worlds the same way.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const clamp01 = (x) => Math.min(1, Math.max(0, x));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const counts = { recommend: 0, outcomes: 0, errors: 0, throttled: 0 };
/** When the agents stop, Unix ms; a Ctrl-C moves it to now. */
let stopAt = Number.POSITIVE_INFINITY;
const pendingQuality = [];

/** One agent: pick a task type by weight, ask, "call the LLM", report; repeat until stopped. */
async function agent(id, worlds) {
  const rand = mulberry32(1000 + id);
  const totalWeight = worlds.reduce((s, w) => s + w.weight, 0);
  while (Date.now() < stopAt) {
    const world = pickWeighted(worlds, rand() * totalWeight);
    const promptTokens = Math.round(80 + rand() * 400);
    const rec = await call('POST', '/v1/recommend', { taskType: world.taskType, context: { promptTokens } });
    if (rec.status === 429 || rec.status === 503) {
      counts.throttled += 1;
      await sleep(rec.retryAfterS * 1000);
      continue;
    }
    if (rec.status !== 200) {
      counts.errors += 1;
      if (counts.errors <= 5)
        console.error(`recommend ${world.taskType}: ${rec.status} ${JSON.stringify(rec.data)}`);
      await sleep(500);
      continue;
    }
    counts.recommend += 1;
    const truth = world.arms[rec.data.armId]?.[1] ?? world.arms.base[1];
    const failed = rand() < truth.failure;
    const latencyMs = Math.round(truth.latencyMs * Math.exp(0.25 * normal(rand)));
    const completionTokens = Math.max(1, Math.round(truth.tokens * (0.8 + 0.4 * rand())));
    const first = {
      decisionId: rec.data.decisionId,
      latencyMs,
      promptTokens,
      completionTokens,
      success: !failed,
    };
    if (failed) first.error = 'simulated provider timeout';
    const out = await call('POST', '/v1/outcomes', first);
    if (out.status === 200) counts.outcomes += 1;
    else counts.errors += 1;
    // The judge's score arrives later, in batches (API.md: an outcome may come in parts).
    if (!failed)
      pendingQuality.push({
        decisionId: rec.data.decisionId,
        quality: Number(clamp01(truth.quality + truth.sd * normal(rand)).toFixed(4)),
      });
    await sleep(20 + rand() * 60);
  }
}

function pickWeighted(worlds, point) {
  let left = point;
  for (const w of worlds) {
    left -= w.weight;
    if (left < 0) return w;
  }
  return worlds[0];
}

/** Sends judged qualities as one batch every half second. */
async function judge() {
  while (Date.now() < stopAt || pendingQuality.length > 0) {
    await sleep(500);
    const batch = pendingQuality.splice(0, 1000);
    if (batch.length === 0) continue;
    const res = await call('POST', '/v1/outcomes', batch);
    if (res.status !== 200) {
      counts.errors += 1;
      pendingQuality.unshift(...batch);
      await sleep(1000);
    }
  }
}

async function report(worlds) {
  const lines = [];
  for (const w of worlds) {
    const { status, data } = await call('GET', `/v1/task-types/${w.taskType}`);
    if (status !== 200) continue;
    const arms = data.arms
      .map((a) => `${a.armId} ${a.pulls}${a.meanReward ? ` (${a.meanReward.mean.toFixed(2)})` : ''}`)
      .join(', ');
    lines.push(`  ${w.taskType.padEnd(24)} ${data.phase.padEnd(8)} ${arms}`);
  }
  console.log(
    `[${new Date().toISOString().slice(11, 19)}] ${counts.recommend} decisions, ${counts.outcomes} outcomes` +
      `${counts.errors ? `, ${counts.errors} errors` : ''}${counts.throttled ? `, ${counts.throttled} throttled` : ''}`,
  );
  console.log(lines.join('\n'));
}

/**
 * `npm run demo -- routing`: the MMLU routing replay (bench/routing-http.ts) on three subjects,
 * with warm start and a group, so the status shows meanCostUsd and …/savings a real saving.
 */
function routingScenario() {
  const { status } = spawnSync('npx', ['tsx', 'bench/routing-http.ts'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      TUNELOOP_URL: BASE,
      TUNELOOP_ADMIN_KEY: KEY,
      ROUTING_ORDERS: '1',
      ROUTING_VARIANTS: 'group+warm',
      ROUTING_SUBJECTS: process.env.ROUTING_SUBJECTS ?? '3',
    },
  });
  process.exit(status ?? 1);
}

async function main() {
  if (process.argv[2] === 'routing') routingScenario();
  const health = await fetch(`${BASE}/health`).catch(() => null);
  if (!health?.ok) {
    console.error(`No tuneloop at ${BASE} (start one with \`npm start\`, or set BASE).`);
    process.exit(1);
  }
  const worlds = [];
  for (const w of WORLDS) worlds.push(await setUp(w));
  if (DURATION_S > 0) stopAt = Date.now() + DURATION_S * 1000;
  process.on('SIGINT', () => {
    if (stopAt <= Date.now()) process.exit(130);
    stopAt = Date.now();
    console.log('\nstopping: sending the outcomes still pending (Ctrl-C again to quit at once)…');
  });
  console.log(
    `\n${AGENTS} agents for ${DURATION_S > 0 ? `${DURATION_S} s` : 'ever'}; dashboard: ${BASE}/dashboard\n`,
  );
  const ticker = setInterval(() => report(worlds).catch(() => {}), 5000);
  await Promise.all([...Array.from({ length: AGENTS }, (_, i) => agent(i, worlds)), judge()]);
  clearInterval(ticker);
  await report(worlds);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
