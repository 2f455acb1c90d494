// `npm run bench -- dashboard`: seeds one task type with BENCH_DECISIONS decisions (default
// 100,000) through the HTTP API — concurrent recommends, outcomes in batches of 1,000 — then
// loads its dashboard page in Chromium and records what the browser downloaded and how long
// the page took. The dashboard must download no raw decision log, at any traffic.
// Env: BENCH_DECISIONS, BENCH_CONNECTIONS (16), DATABASE_URL (else the embedded PGlite),
// CHROMIUM_PATH (/usr/bin/chromium). To measure a task type already seeded on a running
// service instead: TUNELOOP_URL, TUNELOOP_ADMIN_KEY and BENCH_TASK_TYPE (nothing is seeded).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS, chromiumPath } from '../test/browser/chromium.mjs';
import { startDev } from '../test/browser/dev-server.mjs';

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const OUTCOME_BATCH = 1000;
const repo = fileURLToPath(new URL('..', import.meta.url));
const attached = process.env.TUNELOOP_URL;
const key = attached ? process.env.TUNELOOP_ADMIN_KEY : `tl_bench_dashboard_${process.pid}`;
const taskType = process.env.BENCH_TASK_TYPE ?? `bench-dashboard-${Date.now().toString(36)}`;
const arm = (id, temperature, maxTokens = 800) => ({
  id,
  params: { model: 'gpt-4o-mini', temperature, maxTokens, topP: 1 },
});

async function call(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/** Recommends until DECISIONS are issued, reporting each full batch of outcomes as it fills. */
async function seed(base, count = DECISIONS) {
  const quality = { base: 0.7, cool: 0.82, short: 0.64 };
  let issued = 0;
  let pending = [];
  const reports = [];
  const flush = (batch) => reports.push(call(base, 'POST', '/v1/outcomes', batch));
  const client = async () => {
    while (issued < count) {
      const i = issued++;
      const d = await call(base, 'POST', '/v1/recommend', { taskType, context: {} });
      const q = Math.min(1, Math.max(0, (quality[d.armId] ?? 0.7) + ((i % 7) - 3) * 0.02));
      pending.push({
        decisionId: d.decisionId,
        quality: q,
        latencyMs: 300 + ((i * 37) % 900),
        promptTokens: 100,
        completionTokens: 200 + (i % 50),
        success: true,
      });
      if (pending.length >= OUTCOME_BATCH) {
        flush(pending);
        pending = [];
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  if (pending.length > 0) flush(pending);
  await Promise.all(reports);
}

/** Loads the task type's page; every response's size, and the time until its charts are drawn. */
async function loadDashboard(base) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // The key first, on a page of the same origin, so the measured load is the dashboard's alone.
    await page.goto(`${base}/openapi.json`);
    await page.evaluate((k) => sessionStorage.setItem('tuneloop.apiKey', k), key);
    const responses = [];
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes();
      responses.push({ url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize });
    });
    const started = performance.now();
    await page.goto(`${base}/dashboard#/t/${taskType}`);
    await page.waitForSelector('#history canvas#reward-time-chart');
    await page.waitForFunction(() => window.Chart?.getChart('reward-time-chart'));
    const loadMs = performance.now() - started;
    await page
      .waitForSelector('#savings, #savings-section [data-state]', { timeout: 30_000 })
      .catch(() => null);
    const shown = await page.locator('#log-health [data-field=seriesDecisions]').textContent();
    await page.waitForTimeout(500);
    return { responses, loadMs, shown };
  } finally {
    await browser.close();
  }
}

/** The size of the 24 h export the old dashboard fetched; null when it is still 503 after two minutes. */
async function rawLogSize(base) {
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await fetch(
      `${base}/v1/task-types/${taskType}/decisions?since=${encodeURIComponent(since)}`,
      {
        headers: { authorization: `Bearer ${key}` },
      },
    );
    const body = await res.arrayBuffer();
    if (res.status === 200) return body.byteLength;
    await new Promise((r) => setTimeout(r, 5000));
  }
  return null;
}

/** What the browser downloaded for the page, and the old dashboard's raw log for comparison. */
async function measure(base) {
  const status = await call(base, 'GET', `/v1/task-types/${taskType}`);
  const pulls = status.arms.reduce((n, a) => n + a.pulls, 0);
  const { responses, loadMs, shown } = await loadDashboard(base);
  const api = responses.filter((r) => new URL(r.url).pathname.startsWith('/v1/'));
  const byPath = {};
  for (const r of api) {
    const path = new URL(r.url).pathname.replace(taskType, '{t}');
    byPath[path] = (byPath[path] ?? 0) + r.bytes;
  }
  const rawLog = responses.filter((r) => new URL(r.url).pathname.endsWith('/decisions'));
  return {
    pulls,
    dashboard: {
      loadMsUntilChartsDrawn: Math.round(loadMs),
      requests: responses.length,
      bytesTotal: responses.reduce((n, r) => n + r.bytes, 0),
      bytesApi: api.reduce((n, r) => n + r.bytes, 0),
      bytesByApiPath: byPath,
      rawLogRequests: rawLog.length,
      decisionsShown: shown,
    },
    // what the dashboard before the time series downloaded on every load (24 h of JSON Lines)
    rawLogBytesNotDownloaded: await rawLogSize(base),
  };
}

function report(figures) {
  console.log(JSON.stringify(figures, null, 2));
  if (figures.dashboard.rawLogRequests > 0) process.exitCode = 1;
}

if (attached) {
  // With BENCH_DECISIONS, first tops the task type up to that many decisions (a resumed run).
  const status = await call(attached, 'GET', `/v1/task-types/${taskType}`);
  const have = status.arms.reduce((n, a) => n + a.pulls, 0);
  if (process.env.BENCH_DECISIONS && have < DECISIONS) await seed(attached, DECISIONS - have);
  report({ attached, ...(await measure(attached)) });
} else {
  const workDir = await mkdtemp(join(tmpdir(), 'tuneloop-bench-dashboard-'));
  const env = process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {};
  const dev = await startDev({ repo, workDir, adminKey: key, env });
  try {
    await call(dev.baseUrl, 'PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'base',
      arms: [arm('base', 0.7), arm('cool', 0.5), arm('short', 0.7, 600)],
      policy: { kind: 'thompson-gaussian' },
      rollout: { phase: 'general' },
    });
    const t0 = performance.now();
    await seed(dev.baseUrl);
    const seedS = (performance.now() - t0) / 1000;
    const seedFigures = {
      seconds: Number(seedS.toFixed(1)),
      decisionsPerSecond: Math.round(DECISIONS / seedS),
    };
    report({ decisions: DECISIONS, seed: seedFigures, ...(await measure(dev.baseUrl)) });
  } finally {
    await dev.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}
