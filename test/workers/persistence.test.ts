import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/postgres';
import { call, createTaskType, sleep } from './helpers';

/** Reads Postgres through the same Neon driver and proxy production code uses. */
async function rowsOf(taskType: string) {
  const { db, close } = openDatabase(env);
  try {
    const result = await db.execute(
      sql`SELECT d.decision_id, d.arm_id, d.propensity, d.reward, o.quality, o.latency_ms
          FROM decisions d LEFT JOIN outcomes o USING (decision_id) WHERE d.task_type = ${taskType}`,
    );
    return result.rows as Array<Record<string, unknown>>;
  } finally {
    await close();
  }
}

async function exportLines(taskType: string, query = '') {
  const res = await call('GET', `/v1/task-types/${taskType}/decisions${query}`);
  expect(res.status).toBe(200);
  expect(res.type).toContain('application/x-ndjson');
  return res.text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('decisions reach Postgres', () => {
  it('writes a served decision and its outcome to Postgres, and exports them as JSON Lines', async () => {
    const taskType = await createTaskType('persist');
    const rec = await call('POST', '/v1/recommend', {
      taskType,
      context: { promptTokens: 150 },
      requestId: 'p-1',
    });
    const d = rec.body;
    await call('POST', '/v1/outcomes', {
      decisionId: d.decisionId,
      quality: 0.9,
      latencyMs: 300,
      success: true,
    });
    const second = await call('POST', '/v1/recommend', { taskType, context: {} });

    const lines = await exportLines(taskType);
    expect(lines.map((l) => l.decisionId)).toEqual([d.decisionId, second.body.decisionId]);
    expect(lines[0]).toMatchObject({
      decisionId: d.decisionId,
      taskType,
      context: { promptTokens: 150 },
      armId: d.armId,
      propensity: d.propensity,
      policyPropensity: d.policyPropensity,
      share: 1,
      served: 'policy',
      phase: 'general',
      policyVersion: d.policyVersion,
      reward: 0.9,
      outcome: { quality: 0.9, latencyMs: 300, success: true },
    });
    expect(lines[1].reward).toBeNull();

    const rows = await rowsOf(taskType);
    const row = rows.find((r) => r.decision_id === d.decisionId)!;
    expect(row).toMatchObject({
      arm_id: d.armId,
      propensity: d.propensity,
      reward: 0.9,
      quality: 0.9,
      latency_ms: 300,
    });
  });

  it('honours since (inclusive) and until (exclusive)', async () => {
    const taskType = await createTaskType('window');
    await call('POST', '/v1/recommend', { taskType });
    await sleep(20);
    const middle = new Date().toISOString();
    await sleep(20);
    await call('POST', '/v1/recommend', { taskType });
    expect(await exportLines(taskType, `?until=${middle}`)).toHaveLength(1);
    expect(await exportLines(taskType, `?since=${middle}`)).toHaveLength(1);
    const bad = await call('GET', `/v1/task-types/${taskType}/decisions?since=yesterday`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/since');
  });
});
