import { describe, expect, it } from 'vitest';
import { PolicySnapshot } from '../../src/contract/policy-snapshot';
import { configHash, policyStateOfSnapshot } from '../../src/evaluation/policy-snapshot';
import { call, createTaskType } from './helpers';

describe('GET /v1/task-types/{taskType}/policy-snapshot', () => {
  it('exports the learned state after outcomes: statistics, version and a config hash that checks', async () => {
    const taskType = await createTaskType('snapshot', {
      policy: { kind: 'linucb', alpha: 0.3 },
      features: [{ name: 'promptTokens', kind: 'log' }],
    });
    for (let i = 0; i < 12; i++) {
      const rec = await call('POST', '/v1/recommend', { taskType, context: { promptTokens: 100 + 50 * i } });
      expect(rec.status).toBe(200);
      const out = await call('POST', '/v1/outcomes', { decisionId: rec.body.decisionId, quality: i % 2 });
      expect(out.status).toBe(200);
    }
    const reader = await call('POST', '/v1/api-keys', { name: 'snapshot-reader', scopes: ['read'] });
    const res = await call('GET', `/v1/task-types/${taskType}/policy-snapshot`, undefined, {
      key: reader.body.key,
    });
    expect(res.status).toBe(200);
    const snapshot = PolicySnapshot.parse(res.body);
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(snapshot).toMatchObject({
      taskType,
      kind: 'linucb',
      policyVersion: status.policyVersion,
      exploration: { epsilon: status.config.policy.epsilon, draws: 0 },
    });
    expect(snapshot.configHash).toBe(configHash(snapshot.config));
    expect(Date.parse(snapshot.takenAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(snapshot.arms.map((a) => a.id)).toEqual(['base', 'cool', 'short', 'warm']);
    // every reward learned is in the arms' statistics and in the linear model's counts
    const learned = snapshot.arms.reduce((sum, a) => sum + a.reward.n, 0);
    expect(learned).toBe(12);
    expect(snapshot.linear!.arms.reduce((sum, a) => sum + a.n, 0)).toBe(12);
    for (const a of snapshot.arms) {
      const shown = status.arms.find((s: { armId: string }) => s.armId === a.id);
      expect(a.reward.n).toBe(shown.rewards);
    }
    const restored = policyStateOfSnapshot(snapshot);
    expect(restored.ok).toBe(true);
  });

  it('answers 404 for a task type that does not exist', async () => {
    const res = await call('GET', '/v1/task-types/never-configured/policy-snapshot');
    expect(res.status).toBe(404);
    expect(res.type).toContain('application/problem+json');
  });
});
