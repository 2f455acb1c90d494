import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { unitInterval } from '../../src/bandit/fingerprint';
import { openDatabase } from '../../src/storage/postgres';
import { controlOutcome, slowTreatedOutcome } from '../support/latency-breach';
import {
  arm,
  call,
  createTaskType,
  riskTierTaskType,
  rolloutAction,
  sweep,
  taskTypeWithAuditChain,
  uniqueTaskType,
} from './helpers';

/** Unit ids the service will put in the policy cohort (τ = share), found by the same hash it uses. */
function unitsIn(taskType: string, share: number, treated: boolean, count: number): string[] {
  const units: string[] = [];
  for (let i = 0; units.length < count; i++) {
    const unit = `u-${i}`;
    if (unitInterval(`${taskType}|${unit}`) < share === treated) units.push(unit);
  }
  return units;
}

describe('rollout phases', () => {
  it('serves the policy to about 5 % of 2,000 canary requests, every propensity b(a)', async () => {
    const taskType = await createTaskType('canary2k', { rollout: { phase: 'canary' } });
    let policy = 0;
    for (let i = 0; i < 2000; i++) {
      const d = (await call('POST', '/v1/recommend', { taskType, requestId: `r-${i}` })).body;
      const baseline = d.armId === 'base' ? 1 : 0;
      const expected = 0.95 * baseline + 0.05 * d.policyPropensity;
      expect(Math.abs(d.propensity - expected)).toBeLessThan(1e-12);
      if (d.served === 'policy') policy += 1;
    }
    // Binomial(2000, 0.05): mean 100, sd 9.7; ±4 sd.
    expect(policy).toBeGreaterThanOrEqual(61);
    expect(policy).toBeLessThanOrEqual(139);
  });

  it('moves by ops actions with reasons, and answers 409 naming the phase when a move is not allowed', async () => {
    const taskType = await createTaskType('manual', { rollout: { phase: 'shadow' } });
    expect((await rolloutAction(taskType, 'rollback')).status).toBe(409);
    const advanced = await rolloutAction(taskType, 'advance', 'canary after review');
    expect(advanced.status).toBe(200);
    expect(advanced.body).toMatchObject({ phase: 'canary', share: 0.05, frozen: false });
    expect((await rolloutAction(taskType, 'pause', 'holiday')).body).toMatchObject({
      frozen: true,
      frozenReason: 'paused',
    });
    const refused = await rolloutAction(taskType, 'advance');
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('canary');
    expect((await rolloutAction(taskType, 'resume', 'back')).body.frozen).toBe(false);
    const missingReason = await call('POST', `/v1/task-types/${taskType}/rollout`, {
      action: 'advance',
      reason: ' ',
    });
    expect(missingReason.status).toBe(422);
    const audit = (await call('GET', `/v1/task-types/${taskType}/audit`)).body.events;
    expect(audit.map((e: { kind: string }) => e.kind)).toEqual([
      'rollout-resume',
      'rollout-pause',
      'rollout-advance',
      'task-type-created',
    ]);
    expect(audit[2]).toMatchObject({
      reason: 'canary after review',
      details: { from: { phase: 'shadow' }, to: { phase: 'canary' } },
    });
  });

  it('rolls back to shadow within 100 treated outcomes when the treated p99 turns 8× slower, and the audit names latency', async () => {
    const taskType = await createTaskType('breach', { rollout: { phase: 'canary' } });
    // A canary's traffic: 95 % control. A one-sided 99 % upper bound on the control p99 by
    // order statistics needs n with 0.99ⁿ ≤ δ, i.e. several hundred control outcomes, which a
    // canary has long before its 100th treated outcome (1,900 of them at 5 %).
    const control = unitsIn(taskType, 0.05, false, 1200);
    const treated = unitsIn(taskType, 0.05, true, 100);
    const outcomes = [];
    for (const [i, unitId] of control.entries()) {
      const d = (await call('POST', '/v1/recommend', { taskType, unitId })).body;
      expect(d.served).toBe('baseline');
      outcomes.push(controlOutcome(d.decisionId, i));
    }
    for (let i = 0; i < outcomes.length; i += 500) {
      expect((await call('POST', '/v1/outcomes', outcomes.slice(i, i + 500))).status).toBe(200);
    }
    let treatedOutcomes = 0;
    for (const [i, unitId] of treated.entries()) {
      const d = (await call('POST', '/v1/recommend', { taskType, unitId })).body;
      if (d.phase === 'shadow') break;
      expect(d.served).toBe('policy');
      await call('POST', '/v1/outcomes', slowTreatedOutcome(d.decisionId, i));
      treatedOutcomes += 1;
    }
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status).toMatchObject({ phase: 'shadow', frozen: true, frozenReason: 'breach', share: 0 });
    expect(treatedOutcomes).toBeLessThanOrEqual(100);
    console.log(`[rollout] breach caught after ${treatedOutcomes} treated outcomes`);
    const after = (await call('POST', '/v1/recommend', { taskType, unitId: treated[0] })).body;
    expect(after).toMatchObject({ armId: 'base', served: 'baseline', propensity: 1 });
    const breach = (await call('GET', `/v1/task-types/${taskType}/audit`)).body.events.find(
      (e: { kind: string }) => e.kind === 'rollout-breach',
    );
    expect(breach.actor).toBe('slo-guard');
    expect(breach.details.details).toMatchObject({ metric: 'latencyP99Ms' });
    expect(breach.details.details.treated).toBeGreaterThan(breach.details.details.threshold);
    expect(breach.details.details.n.treated).toBeGreaterThan(0);
    expect(breach.details.details.n.control).toBeGreaterThanOrEqual(50);
  });

  it('holds a canary with too little data instead of rolling back, and says why', async () => {
    const taskType = await createTaskType('thin', {
      rollout: { phase: 'canary', dwellMs: { shadow: 0, canary: 0, guarded: 0 } },
    });
    for (const unitId of unitsIn(taskType, 0.05, true, 5)) {
      const d = (await call('POST', '/v1/recommend', { taskType, unitId })).body;
      await call('POST', '/v1/outcomes', {
        decisionId: d.decisionId,
        latencyMs: 5000,
        quality: 0.1,
        success: false,
      });
    }
    await sweep();
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status).toMatchObject({ phase: 'canary', frozen: false });
    expect(status.slo.lastJudgment.verdict).toBe('inconclusive');
    expect(status.promotion).toMatchObject({ promote: false, blocker: 'samples' });
    // The sweep leaves a row per task type in slo_metrics.
    const { db, close } = openDatabase(env);
    try {
      const rows = await db.execute(
        sql`SELECT verdict, phase FROM slo_metrics WHERE task_type = ${taskType}`,
      );
      expect(rows.rows).toEqual([{ verdict: 'inconclusive', phase: 'canary' }]);
    } finally {
      await close();
    }
  });

  it('no longer promotes on the hourly bootstrap evaluation: the anytime evidence gates', async () => {
    const taskType = uniqueTaskType('promote');
    await call('PUT', `/v1/task-types/${taskType}`, {
      baselineArmId: 'base',
      arms: [arm('base'), arm('cool', 0.5)],
      policy: { kind: 'thompson-gaussian', epsilon: 0.2 },
      rollout: {
        phase: 'guarded',
        guardedShare: 0.5,
        dwellMs: { shadow: 0, canary: 0, guarded: 0 },
        minSamples: { treated: 5, control: 5 },
        promotion: { margin: 1 },
      },
    });
    for (let i = 0; i < 60; i++) {
      const d = (await call('POST', '/v1/recommend', { taskType, unitId: `p-${i}` })).body;
      await call('POST', '/v1/outcomes', {
        decisionId: d.decisionId,
        latencyMs: 300,
        quality: 0.7,
        success: true,
        promptTokens: 100,
        completionTokens: 200,
      });
    }
    await sweep();
    const first = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(first.promotion).toMatchObject({ blocker: 'evaluation' });
    expect(first.promotionEvidence).toMatchObject({ rows: 60, lowerBound: null });
    // The first release promoted here: a bootstrap lower bound ≥ −1 on 60 rows, re-read hourly.
    expect((await call('POST', `/v1/task-types/${taskType}/evaluations`)).status).toBe(201);
    await sweep();
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.phase).toBe('guarded');
    expect(status.latestEvaluation).not.toBeNull();
    expect(status.promotion).toMatchObject({ blocker: 'evaluation' });
  });
});

describe('audit chain', () => {
  it('verifies, and detects an event edited in Postgres', async () => {
    const taskType = await taskTypeWithAuditChain('chain');
    const ok = await call('GET', `/v1/task-types/${taskType}/audit/verify`);
    expect(ok.body).toMatchObject({
      ok: true,
      durableObject: { ok: true, length: 3 },
      postgres: { ok: true, length: 3 },
    });

    const { db, close } = openDatabase(env);
    try {
      await db.execute(
        sql`UPDATE rollout_events SET reason = 'nothing to see' WHERE task_type = ${taskType} AND seq = 2`,
      );
    } finally {
      await close();
    }
    const tampered = await call('GET', `/v1/task-types/${taskType}/audit/verify`);
    expect(tampered.body.ok).toBe(false);
    expect(tampered.body.postgres).toMatchObject({ ok: false, brokenAt: 1 });
    expect(tampered.body.durableObject.ok).toBe(true);
  });
});

describe('kill switch', () => {
  it('makes every task type serve its baseline while on', async () => {
    const taskType = await createTaskType('kill');
    const on = await call('POST', '/v1/kill-switch', { enabled: true, reason: 'incident 42' });
    expect(on.status).toBe(200);
    try {
      for (let i = 0; i < 10; i++) {
        const d = (await call('POST', '/v1/recommend', { taskType })).body;
        expect(d).toMatchObject({ armId: 'base', propensity: 1, share: 0, served: 'baseline' });
      }
    } finally {
      await call('POST', '/v1/kill-switch', { enabled: false, reason: 'resolved' });
    }
    expect((await call('POST', '/v1/recommend', { taskType })).body.share).toBe(1);
  });
});

describe('drift', () => {
  it('freezes to the baseline when the context distribution moves away from the one the policy was promoted on', async () => {
    const taskType = await riskTierTaskType('drift', 'thompson-gaussian', {
      phase: 'shadow',
      driftMinSamples: 100,
    });
    for (let i = 0; i < 150; i++)
      await call('POST', '/v1/recommend', { taskType, context: { riskTier: i % 2 } });
    await rolloutAction(taskType, 'advance', 'canary');
    for (let i = 0; i < 150; i++)
      await call('POST', '/v1/recommend', { taskType, context: { riskTier: i % 2 } });
    await sweep();
    expect((await call('GET', `/v1/task-types/${taskType}`)).body).toMatchObject({
      phase: 'canary',
      frozen: false,
      drift: { verdict: 'ok' },
    });

    for (let i = 0; i < 300; i++)
      await call('POST', '/v1/recommend', { taskType, context: { riskTier: 3 + (i % 2) } });
    await sweep();
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status).toMatchObject({
      frozen: true,
      frozenReason: 'drift',
      share: 0,
      drift: { verdict: 'drift' },
    });
    expect((await call('POST', '/v1/recommend', { taskType, context: { riskTier: 4 } })).body).toMatchObject({
      armId: 'base',
      propensity: 1,
    });
    const events = (await call('GET', `/v1/task-types/${taskType}/audit`)).body.events;
    expect(events[0]).toMatchObject({ kind: 'rollout-drift', actor: 'drift-detector' });
    expect((await rolloutAction(taskType, 'resume', 'new traffic mix is expected')).body.frozen).toBe(false);
    // Issue 10, item 5: the resume takes the present as the reference, so the same traffic no
    // longer freezes (the first release froze again on the next sweep) ...
    for (let i = 0; i < 100; i++)
      await call('POST', '/v1/recommend', { taskType, context: { riskTier: 3 + (i % 2) } });
    await sweep();
    expect((await call('GET', `/v1/task-types/${taskType}`)).body).toMatchObject({
      frozen: false,
      drift: { verdict: 'ok' },
    });
    // ... until the contexts move again.
    for (let i = 0; i < 300; i++) await call('POST', '/v1/recommend', { taskType, context: { riskTier: 7 } });
    await sweep();
    expect((await call('GET', `/v1/task-types/${taskType}`)).body).toMatchObject({
      frozen: true,
      frozenReason: 'drift',
    });
  });
});

describe('confidence gate', () => {
  it('serves the baseline when the policy is not confident enough, and logs the behaviour actually run', async () => {
    const taskType = await createTaskType('confidence', {
      rollout: { phase: 'general', minConfidence: 0.99 },
    });
    for (let i = 0; i < 20; i++) {
      const d = (await call('POST', '/v1/recommend', { taskType })).body;
      // A fresh posterior: no arm is best with probability 0.99, so every choice falls back to
      // the baseline, which is then served with probability 1 (b = π(base) + Σ gated π = 1).
      expect(d).toMatchObject({ armId: 'base', served: 'policy' });
      expect(d.propensity).toBeCloseTo(1, 12);
      if (d.shadow) expect(d.shadow.armId).not.toBe('base');
    }
  });
});
