// The dashboard and the API docs in a real browser: Debian's Chromium driven by playwright-core,
// against the whole local stack (scripts/dev.mjs: wrangler dev on the embedded Postgres).
// Skipped, saying why, when Chromium is missing (CHROMIUM_PATH, default /usr/bin/chromium).
// Screenshots go to test/browser/screenshots/ (gitignored).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, chromiumPath } from './chromium.mjs';
import { startDev } from './dev-server.mjs';
import { seed } from './seed.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(repo, 'test/browser/screenshots');
const skipReason = existsSync(chromiumPath)
  ? null
  : `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
if (skipReason) console.warn(`[browser] skipped: ${skipReason}`);

/** What API.md and the evaluation issue say `GET …/evaluations` and `GET …/audit` answer. */
const estimate = (value) => ({ value, low: value - 0.03, high: value + 0.03 });
const EVALUATIONS = {
  evaluations: [
    {
      id: 'eval_fixture',
      taskType: 'browser-learning',
      createdAt: '2026-11-23T10:00:00.000Z',
      trigger: 'manual',
      policyVersion: '1.40',
      report: {
        n: 40,
        missingRewards: 0,
        arms: ['base', 'cool', 'short'],
        rewardModel: 'fitted',
        policies: [
          { policy: 'baseline', estimates: { ips: estimate(0.7), snips: estimate(0.71), dr: estimate(0.7) } },
          {
            policy: 'current',
            estimates: { ips: estimate(0.82), snips: estimate(0.81), dr: estimate(0.83) },
          },
        ],
        comparisons: [{ policy: 'current', versus: 'baseline', estimator: 'dr', difference: estimate(0.13) }],
        gateLowerBound: 0.1,
      },
    },
  ],
};
const AUDIT = {
  events: [
    {
      kind: 'rollout',
      at: '2026-11-23T10:05:00.000Z',
      from: 'canary',
      to: 'guarded',
      actor: 'sweep',
      reason: 'dwell met',
    },
    { kind: 'config', at: '2026-11-23T09:00:00.000Z', actor: 'ops', reason: 'created' },
  ],
};

const fixed = (v, d = 3) => (v === null || v === undefined ? '—' : Number(v).toFixed(d));
const int = (v) => Math.round(v).toLocaleString('en-US');

describe.skipIf(skipReason)(`dashboard in Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  const adminKey = `tl_admin_browser_${process.pid}`;
  /** @type {Awaited<ReturnType<typeof startDev>>} */
  let dev;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string} */
  let workDir;
  /** @type {Awaited<ReturnType<typeof seed>>} */
  let seeded;
  /** console errors, uncaught exceptions, and requests to any other origin */
  const problems = [];
  /** every request the page made, as `METHOD url` */
  const requested = [];
  const requestsTo = (suffix, method = null) =>
    requested.filter((r) => {
      const [m, url] = r.split(' ');
      return new URL(url).pathname.endsWith(suffix) && (method === null || m === method);
    });

  const api = async (method, path, body) => {
    const res = await fetch(`${dev.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'tuneloop-browser-'));
    await mkdir(shots, { recursive: true });
    dev = await startDev({ repo, workDir, adminKey });
    seeded = await seed(dev.baseUrl, adminKey);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      requested.push(`${r.method()} ${r.url()}`);
      if (!r.url().startsWith(dev.baseUrl) && !r.url().startsWith('data:'))
        problems.push(`outside: ${r.url()}`);
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('asks for a key, then lists every task type with the figures the API reports', async () => {
    await page.goto(`${dev.baseUrl}/dashboard`);
    await page.fill('#key', adminKey);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('#task-types');
    expect(await page.evaluate(() => sessionStorage.getItem('tuneloop.apiKey'))).toBe(adminKey);
    for (const name of seeded.taskTypes) {
      const { body: status } = await api('GET', `/v1/task-types/${name}`);
      const row = page.locator(`#task-types tr[data-task-type="${name}"]`);
      const pulls = status.arms.reduce((n, a) => n + a.pulls, 0);
      expect(await row.locator('[data-field=pulls]').textContent()).toBe(int(pulls));
      expect(await row.locator('[data-field=phase]').textContent()).toBe(status.phase);
      expect(await row.locator('[data-field=share]').textContent()).toBe(
        `${(status.share * 100).toFixed(0)} %`,
      );
      expect(await row.locator('[data-field=budget]').textContent()).toContain(status.budget.state);
    }
    await page.screenshot({ path: join(shots, 'overview.png'), fullPage: true });
  });

  it('shows each arm of a task type as the API does, with the share chart drawn from the same pulls', async () => {
    const name = seeded.learning;
    await page.click(`a[href="#/t/${name}"]`);
    await page.waitForSelector('#arms');
    const { body: status } = await api('GET', `/v1/task-types/${name}`);
    const total = status.arms.reduce((n, a) => n + a.pulls, 0);
    expect(total).toBeGreaterThan(0);
    for (const arm of status.arms) {
      const row = page.locator(`#arms tr[data-arm="${arm.armId}"]`);
      const text = async (field) => (await row.locator(`[data-field=${field}]`).textContent())?.trim();
      expect(await text('pulls')).toBe(int(arm.pulls));
      expect(await text('rewards')).toBe(int(arm.rewards));
      expect(await text('meanQuality')).toBe(fixed(arm.meanQuality));
      expect(await text('tokensPerQualityPoint')).toBe(fixed(arm.tokensPerQualityPoint, 0));
      const mean = arm.meanReward
        ? `${fixed(arm.meanReward.mean)} [${fixed(arm.meanReward.low)}, ${fixed(arm.meanReward.high)}]`
        : '—';
      expect(await text('meanReward')).toBe(mean);
      expect(await text('trafficShare')).toBe(`${((100 * arm.pulls) / total).toFixed(1)} %`);
    }
    const bars = await page.evaluate(() => window.Chart.getChart('share-chart')?.data.datasets[0].data);
    expect(bars).toEqual(status.arms.map((a) => (100 * a.pulls) / total));
    await page.screenshot({ path: join(shots, 'task-type.png'), fullPage: true });
  });

  it('runs a rollout action behind a confirmation (or says the endpoint is not there yet)', async () => {
    const name = seeded.shadow;
    await page.goto(`${dev.baseUrl}/dashboard#/t/${name}`);
    await page.waitForSelector('#arms');
    const button = page.locator('button[data-action=advance]');
    if ((await button.count()) === 0) {
      // POST …/rollout is not mounted on this build: the page must say so, not fail.
      expect(await page.locator('.actions').textContent()).toContain('not available');
      await page.click('#signout');
      await page.waitForSelector('#key-form');
      expect(await page.evaluate(() => sessionStorage.getItem('tuneloop.apiKey'))).toBeNull();
      return;
    }
    await button.click();
    await page.waitForSelector('dialog[open]');
    await page.screenshot({ path: join(shots, 'confirm.png') });
    await page.click('dialog button[value=cancel]');
    expect((await api('GET', `/v1/task-types/${name}`)).body.phase).toBe('shadow');
    await button.click();
    await page.fill('#reason', 'browser test: shadow looks fine');
    await page.click('#confirm-action');
    await page.waitForSelector('#detail [data-field=phase] >> text=canary');
    expect((await api('GET', `/v1/task-types/${name}`)).body.phase).toBe('canary');
  });

  it('turns the kill switch on and off from the overview, each time behind a confirmation', async () => {
    await page.goto(`${dev.baseUrl}/dashboard#/`);
    await page.evaluate((key) => sessionStorage.setItem('tuneloop.apiKey', key), adminKey);
    await page.reload();
    await page.waitForSelector('#kill-switch[data-state=off]');
    await page.click('#kill-switch-toggle');
    await page.waitForSelector('dialog[open]');
    await page.click('dialog button[value=cancel]');
    expect(requestsTo('/v1/kill-switch', 'POST')).toEqual([]);
    expect((await api('GET', '/v1/kill-switch')).body.enabled).toBe(false);
    try {
      await page.click('#kill-switch-toggle');
      await page.fill('#reason', 'browser test');
      await page.click('#confirm-action');
      await page.waitForSelector('#kill-switch[data-state=on]');
      expect((await api('GET', '/v1/kill-switch')).body.enabled).toBe(true);
      expect(await page.locator('#kill-switch').textContent()).toContain('browser test');
      await page.screenshot({ path: join(shots, 'kill-switch.png') });
      await page.click('#kill-switch-toggle');
      await page.fill('#reason', 'browser test done');
      await page.click('#confirm-action');
      await page.waitForSelector('#kill-switch[data-state=off]');
      expect((await api('GET', '/v1/kill-switch')).body.enabled).toBe(false);
    } finally {
      await api('POST', '/v1/kill-switch', { enabled: false, reason: 'browser test cleanup' });
    }
  });

  it('grants a budget waiver behind a confirmation', async () => {
    const name = seeded.learning;
    await page.goto(`${dev.baseUrl}/dashboard#/t/${name}`);
    await page.waitForSelector('#waiver-action');
    const before = (await api('GET', `/v1/task-types/${name}`)).body.budget;
    await page.click('#waiver-action');
    await page.waitForSelector('dialog[open]');
    await page.click('dialog button[value=cancel]');
    expect(requestsTo('/budget/waivers', 'POST')).toEqual([]);
    expect((await api('GET', `/v1/task-types/${name}`)).body.budget.limitTokens).toBe(before.limitTokens);
    await page.click('#waiver-action');
    await page.fill('#tokens', '5000');
    await page.fill('#reason', 'browser test: a long batch');
    await page.click('#confirm-action');
    const limit = before.limitTokens + 5000;
    await page.waitForFunction(
      (text) => document.querySelector('#detail [data-field=budget]')?.textContent.includes(text),
      int(limit),
    );
    expect((await api('GET', `/v1/task-types/${name}`)).body.budget.limitTokens).toBe(limit);
  });

  it('lists set-aside decisions from the status and retries them behind a confirmation', async () => {
    const name = seeded.shadow;
    const ids = [`${name}:fixture-one`, `${name}:fixture-two`];
    // Postgres refusing a decision cannot be staged from the browser: the status says so here.
    await page.route(`**/v1/task-types/${name}`, async (route) => {
      const response = await route.fetch();
      const status = await response.json();
      await route.fulfill({
        response,
        json: { ...status, outbox: { ...status.outbox, setAside: 2, setAsideIds: ids } },
      });
    });
    try {
      await page.goto(`${dev.baseUrl}/dashboard#/t/${name}`);
      await page.waitForSelector('#set-aside');
      expect(await page.locator('#set-aside li').allTextContents()).toEqual(ids);
      await page.click('#retry-action');
      await page.waitForSelector('dialog[open]');
      await page.click('dialog button[value=cancel]');
      expect(requestsTo('/outbox/retry', 'POST')).toEqual([]);
      await page.click('#retry-action');
      await page.click('#confirm-action');
      await page.waitForSelector('#status >> text=retried 0');
      expect(requestsTo('/outbox/retry', 'POST')).toHaveLength(1);
    } finally {
      await page.unrouteAll();
    }
  });

  it('shows the savings report as GET …/savings answers it', async () => {
    const name = seeded.learning;
    await page.goto(`${dev.baseUrl}/dashboard#/t/${name}`);
    // The report waits for the outbox to reach Postgres: a 503 is asked again at the next refresh.
    await page.waitForSelector('#savings', { timeout: 60_000 });
    const { status, body: report } = await api('GET', `/v1/task-types/${name}/savings`);
    expect(status).toBe(200);
    const text = async (field) =>
      (await page.locator(`#savings [data-field=${field}]`).textContent())?.trim();
    if (report.verdict !== null) {
      expect(await text('savingsVerdict')).toBe(report.verdict);
    } else {
      expect(await text('servedCost')).toBe(fixed(report.served.costUsd, 4));
      const q = report.qualityDelta;
      expect(await text('qualityDelta')).toBe(`${fixed(q.value)} [${fixed(q.low)}, ${fixed(q.high)}]`);
    }
    await page.screenshot({ path: join(shots, 'savings.png'), fullPage: true });
  });

  it('draws the latest evaluation as a forest plot and the audit as a timeline (fixtures when not mounted)', async () => {
    const name = seeded.learning;
    const t = '/v1/task-types/{taskType}';
    const doc = await (await fetch(`${dev.baseUrl}/openapi.json`)).json();
    const mounted = (path) => Boolean(doc.paths[path]?.get);
    // A real report when the service can make one; else what the evaluation issue says it answers.
    const real =
      mounted(`${t}/evaluations`) && (await api('POST', `/v1/task-types/${name}/evaluations`)).status === 201;
    const fakeAudit = !mounted(`${t}/audit`);
    if (!real || fakeAudit) {
      const extra = {
        ...(real ? {} : { [`${t}/evaluations`]: { get: {} } }),
        ...(fakeAudit ? { [`${t}/audit`]: { get: {} } } : {}),
      };
      await page.route('**/openapi.json', (route) =>
        route.fulfill({ json: { ...doc, paths: { ...doc.paths, ...extra } } }),
      );
      if (!real)
        await page.route(`**/v1/task-types/${name}/evaluations`, (route) =>
          route.fulfill({ json: EVALUATIONS }),
        );
      if (fakeAudit)
        await page.route(`**/v1/task-types/${name}/audit`, (route) => route.fulfill({ json: AUDIT }));
    }
    await page.goto(`${dev.baseUrl}/dashboard#/t/${name}`);
    await page.evaluate((key) => sessionStorage.setItem('tuneloop.apiKey', key), adminKey);
    await page.reload(); // the key is read, and the route list fetched, once per page load
    await page.waitForSelector('#evaluation');
    const evaluations = real ? (await api('GET', `/v1/task-types/${name}/evaluations`)).body : EVALUATIONS;
    const report = evaluations.evaluations[0].report;
    const points = await page.evaluate(
      () => window.Chart.getChart('evaluation-chart')?.data.datasets[1].data,
    );
    const expected = (report.policies ?? []).flatMap((p) => Object.values(p.estimates).map((e) => e.value));
    expect(points.slice(0, expected.length).map((p) => p.x)).toEqual(expected);
    expect(await page.locator('#evaluation [data-field=evaluationFacts]').textContent()).toContain(
      `n = ${int(report.n)}`,
    );
    expect(await page.locator('#audit li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'evaluation.png'), fullPage: true });
    await page.unrouteAll();
  });

  it('draws the Pareto view, drift, the 24 h time series and the log health; attribution for linear policies', async () => {
    const name = seeded.learning;
    await page.goto(`${dev.baseUrl}/dashboard#/t/${name}`);
    await page.waitForSelector('#pareto');
    const { body: status } = await api('GET', `/v1/task-types/${name}`);
    // Pareto: one point per arm with a quality and a latency, the baseline in its own dataset.
    const plotted = status.arms.filter(
      (a) => a.meanQuality !== null && (a.latencyP99Ms ?? a.meanLatencyMs) !== null,
    );
    expect(plotted.length).toBeGreaterThan(0);
    const labels = await page.evaluate(() =>
      window.Chart.getChart('pareto-chart')?.data.datasets.map((d) => d.data.map((p) => p.label)),
    );
    expect(labels.flat().sort()).toEqual(plotted.map((a) => a.armId).sort());
    const baseline = status.config.baselineArmId;
    expect(labels[1]).toEqual(plotted.some((a) => a.armId === baseline) ? [baseline] : []);
    // Drift as the status reports it; no attribution for a non-linear policy.
    expect(await page.locator('#drift [data-field=drift]').textContent()).toContain(
      status.drift ? status.drift.verdict : 'not judged yet',
    );
    expect(status.model).toBeNull();
    expect(await page.locator('#features').count()).toBe(0);

    // The panels from the time series: the counts are the task type's, the charts hold them all.
    await page.waitForSelector('#log-health [data-field=seriesDecisions]');
    const { body: series } = await api('GET', `/v1/task-types/${name}/timeseries?bucket=1h`);
    const sum = (xs) => xs.reduce((n, x) => n + (x ?? 0), 0);
    const decisions = sum(series.points.map((p) => p.decisions));
    expect(decisions).toBe(status.arms.reduce((n, a) => n + a.pulls, 0));
    expect(await page.locator('#log-health [data-field=seriesDecisions]').textContent()).toBe(int(decisions));
    const missing = decisions - sum(series.points.map((p) => p.rewards));
    expect(await page.locator('#log-health [data-field=seriesMissing]').textContent()).toBe(int(missing));
    const smallest = Math.min(...series.points.map((p) => p.minPropensity));
    expect(await page.locator('#log-health [data-field=minPropensity]').textContent()).toBe(
      fixed(smallest, 4),
    );
    const charts = await page.evaluate(() => {
      const data = (id) => window.Chart.getChart(id)?.data.datasets.map((d) => d.data);
      return {
        volume: data('volume-chart'),
        share: data('share-time-chart'),
        reward: data('reward-time-chart'),
        latency: data('latency-time-chart'),
        params: data('params-time-chart'),
      };
    });
    expect(sum(charts.volume[0])).toBe(decisions);
    const armsLogged = new Set(series.points.map((p) => p.armId));
    expect(charts.share).toHaveLength(armsLogged.size);
    expect(charts.reward).toHaveLength(armsLogged.size);
    expect(charts.latency).toHaveLength(armsLogged.size);
    for (let b = 0; b < charts.share[0].length; b += 1) {
      const total = sum(charts.share.map((arm) => arm[b]));
      if (total > 0) expect(total).toBeCloseTo(100, 6);
    }
    expect(charts.params).toHaveLength(2); // temperature, maxTokens
    expect(charts.params[0].some((v) => v !== null)).toBe(true);
    await page.screenshot({ path: join(shots, 'insights.png'), fullPage: true });

    // A LinUCB task type: its coefficients, one row per feature the status names.
    const contextual = seeded.contextual;
    const { body: linear } = await api('GET', `/v1/task-types/${contextual}`);
    expect(linear.model).not.toBeNull();
    await page.goto(`${dev.baseUrl}/dashboard#/t/${contextual}`);
    await page.waitForSelector('#feature-table');
    expect(await page.locator('#feature-table tbody tr').count()).toBe(linear.model.featureNames.length);
    expect(await page.locator('#feature-table thead th').count()).toBe(
      1 + Object.keys(linear.model.coefficients).length,
    );
    await page.screenshot({ path: join(shots, 'contextual.png'), fullPage: true });
  });

  it('renders the API reference at /docs from /openapi.json', async () => {
    const { body: doc } = await (async () => ({
      body: await (await fetch(`${dev.baseUrl}/openapi.json`)).json(),
    }))();
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await page.goto(`${dev.baseUrl}/docs`);
    await page.waitForSelector('.opblock');
    expect(await page.locator('.opblock').count()).toBe(operations);
    await page.screenshot({ path: join(shots, 'docs.png') });
  });

  it('logged no console error and asked no other origin for anything', () => {
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('never downloaded the raw decision log: every chart came from the time series', () => {
    expect(requestsTo('/timeseries').length).toBeGreaterThan(0);
    expect(requestsTo('/decisions')).toEqual([]);
  });
});
