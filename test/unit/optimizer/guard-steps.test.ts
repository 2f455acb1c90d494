import { describe, expect, it } from 'vitest';
import { sampleStandardNormal } from '../../../src/bandit/distributions';
import { seededRng } from '../../../src/common/seeded-rng';
import { outcomeStep } from '../../../src/optimizer/outcome-step';
import type { PendingDecision } from '../../../src/optimizer/record-outcome';
import { sweepStep } from '../../../src/optimizer/rollout-action-step';
import type { Effect, TaskTypeState } from '../../../src/optimizer/task-type-state';
import { act, created, deepFreeze, T0 } from './fixture';

const canary = (): TaskTypeState => act(created(), 'advance', T0);

interface Traffic {
  treatedQuality: (rng: () => number) => number;
  controlQuality: (rng: () => number) => number;
  treatedLatency?: (rng: () => number) => number;
}

/**
 * Drives outcomes through the object's outcome step at 1 per second, 5 % treated (canary),
 * and returns the state and every effect.
 */
function drive(start: TaskTypeState, traffic: Traffic, outcomes: number, seed: string) {
  const rng = seededRng(seed);
  let s = start;
  const effects: Effect[] = [];
  for (let i = 0; i < outcomes; i++) {
    const served = rng() < 0.05 ? 'policy' : 'baseline';
    const nowMs = T0 + 1000 * (i + 1);
    const pending: PendingDecision = {
      decisionId: `d${i}`,
      armId: served === 'policy' ? 'warm' : 'base',
      issuedAtMs: nowMs - 500,
      expiresAtMs: nowMs + 60_000,
      outcome: {},
      reward: null,
      encoded: null,
      served,
      configVersion: 1,
    };
    const base = 400 * Math.exp(0.3 * sampleStandardNormal(rng));
    const latencyMs = served === 'policy' && traffic.treatedLatency ? traffic.treatedLatency(rng) : base;
    const quality = served === 'policy' ? traffic.treatedQuality(rng) : traffic.controlQuality(rng);
    const outcome = { decisionId: pending.decisionId, latencyMs, quality, success: true };
    const step = outcomeStep(s, { outcome, pending, reservedTokens: 0 }, nowMs);
    s = step.next;
    effects.push(...step.effects);
  }
  return { s, effects };
}

const passFail = (p: number) => (rng: () => number) => (rng() < p ? 1 : 0);
const breaches = (effects: Effect[]) =>
  effects.filter((e) => e.kind === 'audit' && e.event.kind === 'rollout-breach');

describe('the anytime guard in the object’s steps', () => {
  // Issue 10, item 1: with 0/1 quality at a 15 % pass rate and identical cohorts, the first
  // release's t bounds rolled the canary back on every simulated day (a run of treated zeros
  // has variance 0, so its bound "proved" a drop). The accumulated betting CS does not.
  it('does not roll back identical Bernoulli 0.15 cohorts checked after every outcome', () => {
    const { s, effects } = drive(
      canary(),
      { treatedQuality: passFail(0.15), controlQuality: passFail(0.15) },
      6000,
      'bern',
    );
    expect(breaches(effects)).toEqual([]);
    expect(s.rollout.phase).toBe('canary');
    expect(s.guard.treated.quality.n).toBeGreaterThan(200);
    expect(s.guard.control.quality.n).toBeGreaterThan(5000);
  });

  it('rolls a doubled latency back with the rule, the bounds and the sample sizes in the audit event', () => {
    const doubled = (rng: () => number) => 800 * Math.exp(0.3 * sampleStandardNormal(rng));
    const traffic = { treatedQuality: passFail(0.5), controlQuality: passFail(0.5), treatedLatency: doubled };
    const { s, effects } = drive(canary(), traffic, 1800, 'double');
    const [breach] = breaches(effects);
    expect(breach).toBeDefined();
    if (breach?.kind !== 'audit') throw new Error('unreachable');
    const details = breach.event.details as { details: Record<string, unknown> };
    expect(details.details).toMatchObject({ rule: 'latency-p99-relative', alpha: expect.any(Number) });
    expect(s.rollout).toMatchObject({ phase: 'shadow', frozen: true, frozenReason: 'breach' });
    // the guard restarts with the phase: the rolled-back policy's outcomes are not judged again
    expect(s.guard.treated.latency.n).toBe(0);
  });

  it('folds into a copy: a frozen state stays as it was', () => {
    const s = deepFreeze(canary());
    const { s: after } = drive(
      s,
      { treatedQuality: passFail(0.5), controlQuality: passFail(0.5) },
      50,
      'frozen',
    );
    expect(s.guard.control.quality.n).toBe(0);
    expect(after.guard.control.quality.n + after.guard.treated.quality.n).toBe(50);
  });

  it('restarts the statistics on resume, and the sweep reports the full judgment', () => {
    const { s } = drive(
      canary(),
      { treatedQuality: passFail(0.5), controlQuality: passFail(0.5) },
      400,
      'resume',
    );
    const paused = act(s, 'pause', T0 + 500_000);
    expect(paused.guard.control.quality.n).toBeGreaterThan(0);
    const resumed = act(paused, 'resume', T0 + 600_000);
    expect(resumed.guard).toMatchObject({ sinceMs: T0 + 600_000, control: { quality: { n: 0 } } });
    const swept = sweepStep(s, T0 + 500_000).reply;
    expect(swept.judgment?.rules.map((r) => r.rule)).toContain('error-rate-relative');
    expect(swept.verdict).not.toBe('breach');
  });
});
