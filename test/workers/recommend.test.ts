import { describe, expect, it } from 'vitest';
import { call, createTaskType, isProblem, uniqueTaskType } from './helpers';

describe('POST /v1/recommend', () => {
  it('answers with the arm, its params and the logged propensities', async () => {
    const taskType = await createTaskType('rec');
    const res = await call('POST', '/v1/recommend', { taskType, context: { promptTokens: 120 } });
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d).toMatchObject({
      taskType,
      served: 'policy',
      phase: 'general',
      share: 1,
      budget: { state: 'ok' },
    });
    expect(d.policyInfo).toEqual({ kind: 'thompson-gaussian', draws: 1000, epsilon: 0.05 });
    expect(d.decisionId.startsWith(`${taskType}:`)).toBe(true);
    // General phase: b(a) = π(a), and π(a) ≥ ε/K from the exploration floor.
    expect(d.propensity).toBe(d.policyPropensity);
    expect(d.propensity).toBeGreaterThanOrEqual(0.05 / 4);
    expect(d.params.model).toBe('gpt-4o-mini');
  });

  it('returns the same decision for the same requestId', async () => {
    const taskType = await createTaskType('idem');
    const first = await call('POST', '/v1/recommend', { taskType, requestId: 'r-1' });
    const again = await call('POST', '/v1/recommend', { taskType, requestId: 'r-1' });
    expect(again.body).toEqual(first.body);
    const other = await call('POST', '/v1/recommend', { taskType, requestId: 'r-2' });
    expect(other.body.decisionId).not.toBe(first.body.decisionId);
  });

  it('reproduces the arm for the same seed and context, and varies with the seed', async () => {
    const taskType = await createTaskType('seed');
    const arms = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const a = await call('POST', '/v1/recommend', { taskType, seed, context: { riskTier: 2 } });
      const b = await call('POST', '/v1/recommend', { taskType, seed, context: { riskTier: 2 } });
      expect(b.body.armId).toBe(a.body.armId);
      expect(b.body.params).toEqual(a.body.params);
      expect(a.body.params.seed).toBe(seed);
      arms.add(a.body.armId);
    }
    expect(arms.size).toBeGreaterThan(1);
  });

  it('serves the baseline in shadow with propensity 1 and logs what the policy would have chosen', async () => {
    const taskType = await createTaskType('shadow', { rollout: { phase: 'shadow' } });
    for (let i = 0; i < 10; i++) {
      const res = await call('POST', '/v1/recommend', { taskType });
      expect(res.body).toMatchObject({
        armId: 'base',
        served: 'baseline',
        share: 0,
        propensity: 1,
        phase: 'shadow',
      });
      expect(typeof res.body.shadow.armId).toBe('string');
      expect(res.body.shadow.policyPropensity).toBeGreaterThan(0);
    }
  });

  it('logs b(a) = (1−τ)·1[a = baseline] + τ·π(a) in canary, with sticky units', async () => {
    const taskType = await createTaskType('canary', { rollout: { phase: 'canary' } });
    let policyServed = 0;
    for (let i = 0; i < 200; i++) {
      const res = await call('POST', '/v1/recommend', { taskType, unitId: `user-${i}` });
      const d = res.body;
      const isBaseline = d.armId === 'base' ? 1 : 0;
      expect(d.propensity).toBeCloseTo(0.95 * isBaseline + 0.05 * d.policyPropensity, 12);
      if (d.served === 'policy') policyServed += 1;
      const again = await call('POST', '/v1/recommend', { taskType, unitId: `user-${i}` });
      expect(again.body.served).toBe(d.served);
    }
    // 5 % of 200 units: binomial mean 10, sd ≈ 3.1; P(0) = 0.95^200 ≈ 3.5e-5, upper bound +4 sd.
    expect(policyServed).toBeGreaterThanOrEqual(1);
    expect(policyServed).toBeLessThanOrEqual(23);
  });

  it('answers 404 problem+json for an unknown task type', async () => {
    const res = await call('POST', '/v1/recommend', { taskType: uniqueTaskType('nope') });
    expect(res.status).toBe(404);
    expect(isProblem(res)).toBe(true);
  });

  it('answers 422 naming the field for a bad context value', async () => {
    const taskType = await createTaskType('ctx');
    const res = await call('POST', '/v1/recommend', { taskType, context: { nested: { a: 1 } } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/context/nested');
  });
});
