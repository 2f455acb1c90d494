import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { TuneloopClient } from '../../src/client';
import { TimeSeries } from '../../src/contract/time-series';
import { ADMIN_KEY, call, createTaskType, isProblem } from './helpers';

const path = (name: string, query = '') => `/v1/task-types/${name}/timeseries${query}`;

describe('GET /v1/task-types/{taskType}/timeseries', () => {
  it('counts what was served and reported per arm, as the status and the requests do', async () => {
    const name = await createTaskType('series');
    const served: Record<string, number> = {};
    const latencies: number[] = [];
    let cost = 0;
    for (let i = 0; i < 12; i += 1) {
      const d = (await call('POST', '/v1/recommend', { taskType: name, context: {} })).body;
      served[d.armId] = (served[d.armId] ?? 0) + 1;
      if (i % 4 === 3) continue; // a quarter never report: missing rewards
      const latencyMs = 100 + 37 * i;
      latencies.push(latencyMs);
      cost += 0.001 * (i + 1);
      const outcome = { decisionId: d.decisionId, quality: 0.5 + i / 40, latencyMs, success: true };
      await call('POST', '/v1/outcomes', {
        ...outcome,
        promptTokens: 100,
        completionTokens: 200,
        costUsd: 0.001 * (i + 1),
      });
    }
    const res = await call('GET', path(name, '?bucket=1m'));
    expect(res.status).toBe(200);
    const series = TimeSeries.parse(res.body);
    expect(series).toMatchObject({ taskType: name, bucket: '1m', bucketMs: 60_000 });
    const byArm: Record<string, number> = {};
    for (const p of series.points) byArm[p.armId] = (byArm[p.armId] ?? 0) + p.decisions;
    expect(byArm).toEqual(served);
    const total = (pick: (p: (typeof series.points)[number]) => number) =>
      series.points.reduce((s, p) => s + pick(p), 0);
    expect(total((p) => p.outcomes)).toBe(9);
    expect(total((p) => p.costUsd)).toBeCloseTo(cost, 9);
    const status = (await call('GET', `/v1/task-types/${name}`)).body;
    const rewards = status.arms.reduce((s: number, a: { rewards: number }) => s + a.rewards, 0);
    expect(rewards).toBeGreaterThan(0);
    expect(total((p) => p.rewards)).toBe(rewards);
    // One bucket of one arm holds all of its latencies only if all fell in one minute; the hour does.
    const hourly = TimeSeries.parse((await call('GET', path(name, '?bucket=1h'))).body);
    expect(hourly.points.reduce((s, p) => s + (p.latencyMs?.count ?? 0), 0)).toBe(latencies.length);
    for (const p of hourly.points) {
      expect(p.minPropensity).toBeGreaterThan(0);
      if (p.latencyMs) expect(p.latencyMs.p50).toBeLessThanOrEqual(p.latencyMs.p99);
    }
  });

  it('answers a read key, never the decision log', async () => {
    const name = await createTaskType('series-read');
    await call('POST', '/v1/recommend', { taskType: name, context: {} });
    const reader = await call('POST', '/v1/api-keys', { name: 'series-reader', scopes: ['read'] });
    const res = await call('GET', path(name), undefined, { key: reader.body.key });
    expect(res.status).toBe(200);
    expect(res.body.points.reduce((s: number, p: { decisions: number }) => s + p.decisions, 0)).toBe(1);
    expect(res.text).not.toContain('decisionId');
  });

  it('is what the typed client reads, with the query it is given', async () => {
    const name = await createTaskType('series-client');
    await call('POST', '/v1/recommend', { taskType: name, context: {} });
    const client = new TuneloopClient({
      baseUrl: 'http://tuneloop.test',
      apiKey: ADMIN_KEY,
      fetch: (request) => SELF.fetch(request),
    });
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const series = await client.timeSeries(name, { bucket: '5m', since });
    expect(series).toMatchObject({ taskType: name, bucket: '5m', bucketMs: 300_000 });
    expect(Date.parse(series.since)).toBeLessThanOrEqual(Date.parse(since));
    expect(series.points.reduce((n, p) => n + p.decisions, 0)).toBe(1);
  });

  it('answers 404 problem+json for an unknown task type', async () => {
    const res = await call('GET', path('series-nobody-has-this'));
    expect(res.status).toBe(404);
    expect(isProblem(res)).toBe(true);
  });

  it('answers 422 naming the field for a bad bucket, since after until, or too many buckets', async () => {
    const name = await createTaskType('series-bad');
    const bucket = await call('GET', path(name, '?bucket=7m'));
    expect(bucket.status).toBe(422);
    expect(JSON.stringify(bucket.body.errors)).toContain('bucket');
    const order = await call('GET', path(name, '?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z'));
    expect(order.status).toBe(422);
    expect(order.body.errors[0].path).toBe('/since');
    const wide = await call('GET', path(name, '?bucket=1m&since=2026-01-01T00:00:00Z'));
    expect(wide.status).toBe(422);
    expect(isProblem(wide)).toBe(true);
    expect(wide.body.errors[0].path).toBe('/since');
  });

  it('starts afresh when an archived task type is created again', async () => {
    const name = await createTaskType('series-archive');
    await call('POST', '/v1/recommend', { taskType: name, context: {} });
    expect((await call('DELETE', `/v1/task-types/${name}`)).status).toBe(200);
    const kept = await call('GET', path(name));
    expect(kept.body.points).toHaveLength(1); // the archived life stays readable
    const again = await call('PUT', `/v1/task-types/${name}`, {
      baselineArmId: 'base',
      arms: [{ id: 'base', params: { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 800 } }],
      policy: { kind: 'thompson-gaussian' },
    });
    expect(again.status).toBe(201);
    expect((await call('GET', path(name))).body.points).toEqual([]);
  });
});
