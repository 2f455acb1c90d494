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

  // Issue 10, item 4: `seed` used to key the choice, so 5,000 requests with seed 42 and distinct
  // request ids all got one arm while each logged a propensity of 0.35. Now the seed only
  // reaches params.seed and each request id draws afresh.
  it('serves every arm about as often as its logged propensities say when every request sends the same seed', async () => {
    const taskType = await createTaskType('seed');
    const n = 400;
    const served = new Map<string, number>();
    const expected = new Map<string, number>();
    for (let batch = 0; batch < n; batch += 50) {
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          call('POST', '/v1/recommend', { taskType, seed: 42, requestId: `seed-${batch + i}` }),
        ),
      );
      for (const { body } of replies) {
        expect(body.params.seed).toBe(42);
        served.set(body.armId, (served.get(body.armId) ?? 0) + 1);
        // general phase: b(a) = π(a) for every arm; sum each arm's π over the requests
        expected.set(body.armId, (expected.get(body.armId) ?? 0) + body.propensity);
      }
    }
    expect(served.size).toBeGreaterThan(1);
    // Pearson's χ² over the arms served, expected counts n·b(a) (b is the same for every request
    // here: one policy version, no context); 3 degrees of freedom at 4 arms: P(χ² > 16.27) = 0.001.
    const meanB = new Map([...expected].map(([arm, sum]) => [arm, sum / (served.get(arm) ?? 1)]));
    let chi2 = 0;
    for (const [arm, b] of meanB) chi2 += ((served.get(arm) ?? 0) - n * b) ** 2 / (n * b);
    expect(chi2).toBeLessThan(16.27);
  });

  it('keys the choice by unitId: the same unit and context get the same arm, seeds aside', async () => {
    const taskType = await createTaskType('unit');
    for (let u = 0; u < 10; u++) {
      const a = await call('POST', '/v1/recommend', {
        taskType,
        unitId: `u${u}`,
        seed: 1,
        context: { riskTier: 2 },
      });
      const b = await call('POST', '/v1/recommend', {
        taskType,
        unitId: `u${u}`,
        seed: 2,
        context: { riskTier: 2 },
      });
      expect(b.body.armId).toBe(a.body.armId);
      expect(b.body.decisionId).not.toBe(a.body.decisionId);
      expect([a.body.params.seed, b.body.params.seed]).toEqual([1, 2]);
    }
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
