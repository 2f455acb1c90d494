import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitInterval } from '../../src/bandit/fingerprint';
import { seededRng } from '../../src/common/seeded-rng';
// @ts-expect-error plain ESM test helper, typed by JSDoc
import { startDev } from '../browser/dev-server.mjs';
import { controlOutcome, slowTreatedOutcome } from '../support/latency-breach';

// The whole service as a user runs it — `npm start` (wrangler dev, workerd, the Neon proxy,
// Postgres: DATABASE_URL when set, as in CI, else the embedded PGlite) — driven over HTTP.
const repo = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'tl_e2e_admin_key';
let dev: { baseUrl: string; stop: () => Promise<void> };
let workDir: string;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${dev.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text.split('\n')[0]!) : undefined };
}

const arm = (id: string, temperature: number, maxTokens = 800) => ({
  id,
  params: { model: 'gpt-4o-mini', temperature, maxTokens },
});

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'tuneloop-e2e-'));
  dev = await startDev({
    repo,
    workDir,
    adminKey: KEY,
    env: { DATABASE_URL: process.env.DATABASE_URL ?? '', REDIS_URL: process.env.REDIS_URL ?? '' },
  });
}, 240_000);

afterAll(async () => {
  await dev?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the service through npm start', () => {
  it('passes the contract smoke test (test/e2e/contract-smoke.mjs, a copy of the shared one)', () => {
    const run = spawnSync(process.execPath, [join(repo, 'test/e2e/contract-smoke.mjs')], {
      env: { ...process.env, BASE: dev.baseUrl, KEY },
      encoding: 'utf8',
    });
    expect(run.stdout).toMatch(/ 0 failed/);
    expect(run.status).toBe(0);
  });

  it('learns the best of 4 arms (≥ 60 % of the last 150 of 400 rounds) and exports every decision and outcome', async () => {
    const taskType = `e2e-learn-${Date.now().toString(36)}`;
    const put = await call('PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'a',
      arms: [arm('a', 0.7), arm('b', 0.6), arm('c', 0.8), arm('d', 0.7, 700)],
      policy: { kind: 'thompson-gaussian' },
      rollout: { phase: 'general' },
    });
    expect(put.status).toBe(201);
    const meanQuality: Record<string, number> = { a: 0.55, b: 0.6, c: 0.75, d: 0.5 };
    const rng = seededRng('e2e-world');
    const last: string[] = [];
    for (let round = 0; round < 400; round++) {
      const d = (await call('POST', '/v1/recommend', { taskType, context: { round } })).body;
      if (round >= 250) last.push(d.armId);
      const quality = Math.min(1, Math.max(0, meanQuality[d.armId]! + (rng() - 0.5) * 0.3));
      expect(
        (
          await call('POST', '/v1/outcomes', {
            decisionId: d.decisionId,
            quality,
            latencyMs: 300,
            success: true,
          })
        ).status,
      ).toBe(200);
    }
    expect(last.filter((a) => a === 'c').length / last.length).toBeGreaterThanOrEqual(0.6);

    const exported = await call('GET', `/v1/task-types/${taskType}/decisions`);
    expect(exported.status).toBe(200);
    const lines = exported.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(400);
    expect(lines.every((l) => typeof l.reward === 'number' && l.outcome?.latencyMs === 300)).toBe(true);

    // The export is the `ope` CLI's input, as is.
    const file = join(workDir, 'decisions.jsonl');
    writeFileSync(file, exported.text);
    const ope = spawnSync(
      join(repo, 'node_modules/.bin/tsx'),
      [join(repo, 'bin/ope.ts'), '--input', file, '--policy', 'arm:c', '--bootstrap', '200'],
      {
        encoding: 'utf8',
      },
    );
    expect(ope.status).toBe(0);
    const report = JSON.parse(ope.stdout);
    expect(report).toMatchObject({
      n: 400,
      missingRewards: 0,
      arms: ['a', 'b', 'c', 'd'],
      rewardModel: 'fitted',
    });
    // Arm c's mean quality is 0.75 in this world; SNIPS on the logged data recovers it.
    expect(report.policies[0].estimates.snips.value).toBeGreaterThan(0.68);
    expect(report.policies[0].estimates.snips.value).toBeLessThan(0.82);
  });

  it('rolls a canary back to shadow on its own when the treated p99 turns 8× slower, and the audit names latency', async () => {
    const taskType = `e2e-breach-${Date.now().toString(36)}`;
    await call('PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'base',
      arms: [arm('base', 0.7), arm('cool', 0.5)],
      policy: { kind: 'thompson-gaussian' },
      rollout: { phase: 'canary' },
    });
    const inPolicyCohort = (unit: string) => unitInterval(`${taskType}|${unit}`) < 0.05;
    const outcomes = [];
    for (let i = 0; outcomes.length < 1000; i++) {
      if (inPolicyCohort(`c-${i}`)) continue;
      const d = (await call('POST', '/v1/recommend', { taskType, unitId: `c-${i}` })).body;
      outcomes.push(controlOutcome(d.decisionId, i));
    }
    for (let i = 0; i < outcomes.length; i += 500)
      await call('POST', '/v1/outcomes', outcomes.slice(i, i + 500));
    let treated = 0;
    for (let i = 0; treated < 100; i++) {
      if (!inPolicyCohort(`t-${i}`)) continue;
      const d = (await call('POST', '/v1/recommend', { taskType, unitId: `t-${i}` })).body;
      if (d.phase === 'shadow') break;
      await call('POST', '/v1/outcomes', slowTreatedOutcome(d.decisionId, i));
      treated += 1;
    }
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status).toMatchObject({ phase: 'shadow', frozen: true, frozenReason: 'breach' });
    expect(treated).toBeLessThan(100);
    const audit = (await call('GET', `/v1/task-types/${taskType}/audit`)).body.events;
    expect(audit[0]).toMatchObject({
      kind: 'rollout-breach',
      details: { details: { metric: 'latencyP99Ms' } },
    });
    expect((await call('GET', `/v1/task-types/${taskType}/audit/verify`)).body.ok).toBe(true);
  });
});
