import { describe, expect, it } from 'vitest';
import { arm, call, sweep, uniqueTaskType } from './helpers';

/** A canary that may promote as soon as the anytime evidence allows (dwell 0, small minimums). */
async function canary(prefix: string): Promise<string> {
  const taskType = uniqueTaskType(prefix);
  const res = await call('PUT', `/v1/task-types/${taskType}`, {
    baselineArmId: 'base',
    arms: [arm('base'), arm('cool', 0.5)],
    policy: { kind: 'thompson-gaussian' },
    rollout: {
      phase: 'canary',
      dwellMs: { shadow: 0, canary: 0, guarded: 0 },
      minSamples: { treated: 5, control: 5 },
    },
  });
  expect(res.status).toBe(201);
  return taskType;
}

/**
 * `n` canary requests, one unit each (so τ = 5 % of them fall in the policy cohort by the
 * service's own hash), 50 at a time, then their outcomes in batches of 1,000.
 */
async function serve(taskType: string, n: number, quality: (armId: string) => number) {
  const outcomes: unknown[] = [];
  for (let batch = 0; batch < n; batch += 50) {
    const replies = await Promise.all(
      Array.from({ length: Math.min(50, n - batch) }, (_, i) =>
        call('POST', '/v1/recommend', { taskType, unitId: `u-${batch + i}` }),
      ),
    );
    for (const { body: d } of replies)
      outcomes.push({
        decisionId: d.decisionId,
        quality: quality(d.armId),
        latencyMs: 300,
        success: true,
        promptTokens: 100,
        completionTokens: 100,
      });
  }
  for (let i = 0; i < outcomes.length; i += 1000)
    expect((await call('POST', '/v1/outcomes', outcomes.slice(i, i + 1000))).status).toBe(200);
}

describe('promotion from the anytime-valid evidence', () => {
  it('promotes a canary whose policy is clearly better than the baseline, on the sweep', async () => {
    const taskType = await canary('better');
    // cool scores 1, base 0.05 (not 0: the cost gate needs the baseline's tokens per quality
    // point): the phase-start snapshot (½ on each arm) is worth 0.475 more than the baseline.
    await serve(taskType, 2000, (armId) => (armId === 'cool' ? 1 : 0.05));
    const before = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(before.promotionEvidence).toMatchObject({
      method: 'betting-cs-ips',
      anytimeValid: true,
      target: 'phase-start snapshot',
      policyVersion: before.phasePolicyVersion,
      rows: 2000,
    });
    expect(before.promotionEvidence.lowerBound).toBeGreaterThanOrEqual(-0.01);
    await sweep();
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.phase, JSON.stringify([status.promotion, status.slo.lastJudgment?.reason])).toBe('guarded');
    const events = (await call('GET', `/v1/task-types/${taskType}/audit`)).body.events;
    expect(events[0]).toMatchObject({ kind: 'rollout-auto-promote', actor: 'promotion-gate' });
    expect(events[0].reason).toContain('lower bound');
    // The new phase starts its own evidence.
    expect(status.promotionEvidence.rows).toBe(0);
  });

  it('keeps a canary whose policy is no better than the baseline, and says the evidence holds it', async () => {
    const taskType = await canary('same');
    await serve(taskType, 600, () => 0.5);
    await sweep();
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.phase).toBe('canary');
    expect(status.promotion).toMatchObject({ promote: false, blocker: 'evaluation' });
    expect(status.promotionEvidence.rows).toBe(600);
    expect(status.promotionEvidence.lowerBound ?? -1).toBeLessThan(-0.01);
    // The hourly bootstrap report names the evidence promotion reads; it does not gate.
    const report = await call('POST', `/v1/task-types/${taskType}/evaluations`);
    expect(report.status).toBe(201);
    expect(report.body.report.promotionGate).toMatchObject({ method: 'betting-cs-ips', anytimeValid: true });
    await sweep();
    expect((await call('GET', `/v1/task-types/${taskType}`)).body.phase).toBe('canary');
  });
});
