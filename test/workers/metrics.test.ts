import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../support/prometheus-parse';
import { call, createTaskType, sleep } from './helpers';

/** Waits until the directory has a report from `taskType` matching `ready` (pushed on the object's alarm). */
async function scrapeUntil(ready: (text: string) => boolean): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const res = await call('GET', '/metrics');
    if (res.status === 200 && ready(res.text)) return res.text;
    await sleep(100);
  }
  throw new Error('the metrics never showed the expected reports');
}

describe('GET /metrics', () => {
  it('is Prometheus text naming every task type, from the reports the objects push', async () => {
    const a = await createTaskType('metrics-a', { rollout: { phase: 'canary' } });
    const b = await createTaskType('metrics-b');
    const first = await call('POST', '/v1/recommend', { taskType: a, context: {} });
    await call('POST', '/v1/recommend', { taskType: a, context: {} });
    await call('POST', '/v1/recommend', { taskType: b, context: {} });
    await call('POST', '/v1/outcomes', { decisionId: first.body.decisionId, quality: 0.7, latencyMs: 100 });

    const text = await scrapeUntil(
      (t) =>
        t.includes(`tuneloop_outcomes_total{task_type="${a}"} 1`) &&
        new RegExp(`tuneloop_recommendations_total\\{task_type="${b}"[^}]*\\} 1`).test(t),
    );
    const res = await call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusText(text);
    for (const name of [
      'tuneloop_recommendations_total',
      'tuneloop_outcomes_total',
      'tuneloop_cost_usd_total',
      'tuneloop_phase',
      'tuneloop_outbox_lag_seconds',
    ]) {
      const taskTypes = new Set(families.get(name)!.samples.map((s) => s.labels.task_type));
      expect(taskTypes, name).toContain(a);
      expect(taskTypes, name).toContain(b);
    }
    const recsOfA = families
      .get('tuneloop_recommendations_total')!
      .samples.filter((s) => s.labels.task_type === a);
    expect(recsOfA.reduce((sum, s) => sum + s.value, 0)).toBe(2);
    expect(recsOfA.every((s) => ['policy', 'baseline'].includes(s.labels.served!))).toBe(true);
    const phaseOfA = families.get('tuneloop_phase')!.samples.filter((s) => s.labels.task_type === a);
    expect(phaseOfA.find((s) => s.value === 1)?.labels.phase).toBe('canary');
  });

  it('needs a key: 401 problem without one', async () => {
    const res = await call('GET', '/metrics', undefined, { key: null });
    expect(res.status).toBe(401);
  });
});
