import { describe, expect, it } from 'vitest';
import { configStep } from '../../../src/optimizer/config-step';
import { rolloutActionStep, sweepStep } from '../../../src/optimizer/rollout-action-step';
import { configOf, created, T0 } from './fixture';

const put = (
  s: ReturnType<typeof created> | null,
  config = configOf(),
  ifMatchVersion: number | null = null,
) => configStep(s, { taskType: 'summarize', config, ifMatchVersion, actor: 'ops' }, T0 + 5000);

describe('config step', () => {
  it('creates a task type in its configured phase, snapshots it, audits and registers it', () => {
    const { reply, next, effects } = put(null, configOf({ rollout: { phase: 'canary' } }));
    expect(reply).toMatchObject({ ok: true, created: true, state: { phase: 'canary' } });
    expect(next?.rollout.phase).toBe('canary');
    expect(next?.phaseSnapshot?.state).toBe(next?.policy);
    expect(effects.map((e) => e.kind)).toEqual(['audit', 'register-task-type']);
  });

  it('refuses a config naming another phase than the one the task type is in', () => {
    const s = created();
    const { reply, next } = put(s, configOf({ rollout: { phase: 'general' } }));
    expect(reply).toEqual({ ok: false, reason: 'phase_conflict', phase: 'shadow' });
    expect(next).toBe(s);
  });

  it('refuses a stale If-Match version', () => {
    expect(put(created(), configOf(), 7).reply).toEqual({ ok: false, reason: 'stale_version', version: 1 });
  });

  it('keeps the phase on a new config and restarts its dwell and snapshot', () => {
    const s = created(configOf({ rollout: { phase: 'canary' } }));
    const { next } = put(s, configOf({ rollout: { phase: 'canary', guardedShare: 0.3 } }));
    expect([next?.rollout.phase, next?.rollout.phaseStartedAtMs, next?.policy.configVersion]).toEqual([
      'canary',
      T0 + 5000,
      2,
    ]);
  });
});

describe('rollout steps', () => {
  it('advances shadow → canary by ops with an audit event and a new phase snapshot', () => {
    const s = created();
    const { reply, next, effects } = rolloutActionStep(
      s,
      { action: 'advance', reason: 'go', actor: 'ops' },
      T0 + 1,
    );
    expect(reply).toMatchObject({ ok: true, rollout: { phase: 'canary', previousPhase: 'shadow' } });
    expect(next.phaseSnapshot?.startedAtMs).toBe(T0 + 1);
    expect(effects).toMatchObject([
      { kind: 'audit', event: { kind: 'rollout-advance', actor: 'ops', policyVersion: '1.0' } },
    ]);
  });

  it('refuses to roll back from shadow and changes nothing', () => {
    const s = created();
    const { reply, next, effects } = rolloutActionStep(
      s,
      { action: 'rollback', reason: 'no', actor: 'ops' },
      T0,
    );
    expect(reply).toMatchObject({ ok: false, reason: 'refused', phase: 'shadow' });
    expect([next, effects]).toEqual([s, []]);
  });

  it('does not check the guard in shadow and does not promote without automatic promotion', () => {
    const { reply } = sweepStep(created(), T0 + 1);
    expect(reply).toMatchObject({
      verdict: 'not-checked',
      promoted: false,
      promotion: { blocker: 'manual_only' },
    });
  });
});
