import { describe, expect, it } from 'vitest';
import { call, uniqueTaskType } from './helpers';

// API.md second release: every id that matches its pattern works, including the names of
// Object.prototype, as arm ids, feature names and context keys (issue 11, item 1).
// Expected to FAIL until wave 2 moves the Durable Object's id-keyed records to Maps: today
// recommend answers 500 (policy-state.ts armStats reads `state.arms[armId] ?? EMPTY`).
// The edge's part (__proto__ refused with a 422) is in limits.test.ts.
const NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'] as const;

const armOf = (id: string, temperature: number) => ({
  id,
  params: { model: 'gpt-4o-mini', temperature, maxTokens: 800, topP: 1 },
});

async function createWithBuiltInNames(kind: string): Promise<string> {
  const taskType = uniqueTaskType(`builtin-${kind}`);
  const res = await call('PUT', `/v1/task-types/${taskType}`, {
    baselineArmId: 'constructor',
    arms: NAMES.map((name, i) => armOf(name, 0.5 + i * 0.05)),
    policy: { kind },
    features: [
      { name: 'constructor', kind: 'numeric' },
      { name: 'toString', kind: 'category' },
      { name: 'valueOf', kind: 'bool' },
      { name: 'hasOwnProperty', kind: 'log' },
    ],
    rollout: { phase: 'general' },
  });
  expect(res.status, res.text).toBe(201);
  return taskType;
}

describe.each(['thompson-gaussian', 'linucb'])('built-in names with %s', (kind) => {
  it('serve, learn and report as arm ids, feature names and context keys', async () => {
    const taskType = await createWithBuiltInNames(kind);
    const context = { constructor: 3, toString: 'fr', valueOf: true, hasOwnProperty: 120, isPrototypeOf: 1 };
    const served = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const rec = await call('POST', '/v1/recommend', { taskType, context, requestId: `r-${i}` });
      expect(rec.status, rec.text).toBe(200);
      served.add(rec.body.armId);
      const out = await call('POST', '/v1/outcomes', {
        decisionId: rec.body.decisionId,
        quality: 0.8,
        latencyMs: 100,
      });
      expect(out.status, out.text).toBe(200);
    }
    for (const armId of served) expect(NAMES).toContain(armId);

    const status = await call('GET', `/v1/task-types/${taskType}`);
    expect(status.status, status.text).toBe(200);
    const pulls = status.body.arms.reduce((sum: number, arm: { pulls: number }) => sum + arm.pulls, 0);
    expect(pulls).toBe(12);
    for (const arm of status.body.arms) {
      expect(NAMES).toContain(arm.armId);
      expect(typeof arm.pulls).toBe('number');
    }
    // An undeclared context key named after Object.prototype is counted as a number, not
    // concatenated onto `function Object() { [native code] }`.
    expect(JSON.stringify(status.body)).not.toContain('native code');

    const list = await call('GET', '/v1/task-types');
    expect(list.status, list.text).toBe(200);
    expect(list.body.taskTypes.map((t: { taskType: string }) => t.taskType)).toContain(taskType);
  });
});
