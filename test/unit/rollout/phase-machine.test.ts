import { describe, expect, it } from 'vitest';
import type { Phase } from '../../../src/contract/decision-log';
import {
  type FrozenReason,
  initialRolloutState,
  PHASES,
  type RolloutEvent,
  type RolloutState,
  type TransitionContext,
  transition,
} from '../../../src/rollout/phase-machine';
import { servingShare } from '../../../src/rollout/serving';

type Frozen = FrozenReason | '-';
type EventKey =
  | 'advance'
  | 'auto-promote'
  | 'auto-promote (automatic shadow)'
  | 'rollback'
  | 'breach'
  | 'breach (onBreach previous)'
  | 'drift'
  | 'pause'
  | 'resume';

type Row = [string, string, string, string];

// What every freeze shares: promotion is refused (a general rollout has nowhere to go), a rollback
// keeps the freeze, a pause is refused, a resume lifts the freeze in place.
const REFUSED_WHILE_FROZEN: Row = ['!frozen', '!frozen', '!frozen', '!already_general'];
const ALREADY_FROZEN: Row = ['!already_frozen', '!already_frozen', '!already_frozen', '!already_frozen'];
const frozenAs = (reason: FrozenReason): Record<EventKey, Row> => ({
  advance: REFUSED_WHILE_FROZEN,
  'auto-promote': REFUSED_WHILE_FROZEN,
  'auto-promote (automatic shadow)': REFUSED_WHILE_FROZEN,
  rollback: ['!already_shadow', `shadow/${reason}`, `canary/${reason}`, `guarded/${reason}`],
  breach: ['!already_shadow', 'shadow/breach', 'shadow/breach', 'shadow/breach'],
  'breach (onBreach previous)': ['!already_shadow', 'shadow/breach', 'canary/breach', 'guarded/breach'],
  drift: ['shadow/drift', 'canary/drift', 'guarded/drift', 'general/drift'],
  pause: ALREADY_FROZEN,
  resume: ['shadow/-', 'canary/-', 'guarded/-', 'general/-'],
});

/**
 * The expected outcome of every event in every phase, frozen or not, written from DESIGN.md §5
 * and the issue: "phase/frozenReason" after the event, or "!refusal". Columns: shadow, canary,
 * guarded, general.
 */
const TABLE: Record<Frozen, Record<EventKey, Row>> = {
  '-': {
    advance: ['canary/-', 'guarded/-', 'general/-', '!already_general'],
    'auto-promote': ['!manual_only', 'guarded/-', 'general/-', '!already_general'],
    'auto-promote (automatic shadow)': ['canary/-', 'guarded/-', 'general/-', '!already_general'],
    rollback: ['!already_shadow', 'shadow/-', 'canary/-', 'guarded/-'],
    breach: ['!already_shadow', 'shadow/breach', 'shadow/breach', 'shadow/breach'],
    'breach (onBreach previous)': ['!already_shadow', 'shadow/breach', 'canary/breach', 'guarded/breach'],
    drift: ['shadow/drift', 'canary/drift', 'guarded/drift', 'general/drift'],
    pause: ['shadow/paused', 'canary/paused', 'guarded/paused', 'general/paused'],
    resume: ['!not_frozen', '!not_frozen', '!not_frozen', '!not_frozen'],
  },
  paused: frozenAs('paused'),
  breach: frozenAs('breach'),
  drift: {
    ...frozenAs('drift'),
    // A breach still rolls back, but the drift freeze (baseline only) is the stronger one and stays.
    breach: ['!already_shadow', 'shadow/drift', 'shadow/drift', 'shadow/drift'],
    'breach (onBreach previous)': ['!already_shadow', 'shadow/drift', 'canary/drift', 'guarded/drift'],
    drift: ALREADY_FROZEN,
  },
};

const T0 = 1_000_000;
const NOW = 2_000_000;

function stateIn(phase: Phase, frozen: Frozen): RolloutState {
  const base = initialRolloutState(T0, 'v1', phase);
  return frozen === '-' ? base : { ...base, frozen: true, frozenReason: frozen, frozenDetail: 'earlier' };
}

function eventOf(key: EventKey): { event: RolloutEvent; ctx: TransitionContext } {
  const ctx: TransitionContext = {
    nowMs: NOW,
    policyVersion: 'v2',
    onBreach: 'shadow',
    automaticFromShadow: false,
  };
  const kind = key.split(' ')[0] as RolloutEvent['kind'];
  const event = {
    kind,
    actor: kind === 'breach' ? 'guard' : 'ops:alice',
    reason: `because ${key}`,
  } as RolloutEvent;
  if (key === 'breach (onBreach previous)') return { event, ctx: { ...ctx, onBreach: 'previous' } };
  if (key === 'auto-promote (automatic shadow)') return { event, ctx: { ...ctx, automaticFromShadow: true } };
  return { event, ctx };
}

describe('phase machine, exhaustively', () => {
  const cases = (Object.keys(TABLE) as Frozen[]).flatMap((frozen) =>
    (Object.keys(TABLE[frozen]) as EventKey[]).flatMap((key) =>
      PHASES.map((phase, i) => [frozen, key, phase, TABLE[frozen][key][i]!] as const),
    ),
  );

  it('covers 4 phases × 4 freeze states × 9 events', () => {
    expect(cases).toHaveLength(144);
  });

  it.each(cases)('frozen %s, %s in %s ⇒ %s', (frozen, key, phase, expected) => {
    const { event, ctx } = eventOf(key);
    const before = stateIn(phase, frozen);
    const result = transition(before, event, ctx);
    if (expected.startsWith('!')) {
      expect(result).toMatchObject({ ok: false, reason: expected.slice(1), phase });
      if (!result.ok) expect(result.message).toContain(`phase ${phase}`);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [toPhase, toFrozen] = expected.split('/') as [Phase, Frozen];
    expect(result.state.phase).toBe(toPhase);
    expect(result.state.frozenReason).toBe(toFrozen === '-' ? null : toFrozen);
    expect(result.state.frozen).toBe(toFrozen !== '-');
    // The record names the actor, the reason and both ends.
    expect(result.record).toMatchObject({
      action: event.kind,
      actor: event.actor,
      reason: event.reason,
      atMs: NOW,
      from: { phase, frozenReason: before.frozenReason },
      to: { phase: toPhase, frozenReason: result.state.frozenReason },
    });
    // A new phase starts its clock and snapshots the policy, and resets the guard's alpha budget.
    if (toPhase !== phase) {
      expect(result.state).toMatchObject({
        phaseStartedAtMs: NOW,
        phasePolicyVersion: 'v2',
        previousPhase: phase,
      });
      expect(result.effects).toContainEqual({ kind: 'reset-guard' });
    }
  });
});

describe('phase machine, details', () => {
  const ctx: TransitionContext = {
    nowMs: NOW,
    policyVersion: 'v2',
    onBreach: 'shadow',
    automaticFromShadow: false,
  };

  it('refuses an ops action without a reason', () => {
    const result = transition(stateIn('canary', '-'), { kind: 'advance', actor: 'ops', reason: '  ' }, ctx);
    expect(result).toMatchObject({ ok: false, reason: 'reason_required', phase: 'canary' });
  });

  it('rolls back to a named earlier phase, and refuses a later one', () => {
    const ok = transition(
      stateIn('general', '-'),
      { kind: 'rollback', actor: 'ops', reason: 'r', to: 'shadow' },
      ctx,
    );
    expect(ok.ok && ok.state.phase).toBe('shadow');
    expect(ok.ok && ok.effects).toContainEqual({ kind: 'reset-slo-window' });
    const bad = transition(
      stateIn('canary', '-'),
      { kind: 'rollback', actor: 'ops', reason: 'r', to: 'general' },
      ctx,
    );
    expect(bad).toMatchObject({ ok: false, reason: 'invalid_target', phase: 'canary' });
  });

  it('keeps the clock when resuming from a pause, restarts it after a breach or drift', () => {
    const paused = transition(
      stateIn('canary', 'paused'),
      { kind: 'resume', actor: 'ops', reason: 'r' },
      ctx,
    );
    expect(paused.ok && paused.state.phaseStartedAtMs).toBe(T0);
    const drifted = transition(
      stateIn('canary', 'drift'),
      { kind: 'resume', actor: 'ops', reason: 'r' },
      ctx,
    );
    expect(drifted.ok && drifted.state).toMatchObject({ phaseStartedAtMs: NOW, phasePolicyVersion: 'v2' });
    expect(drifted.ok && drifted.effects).toEqual([{ kind: 'reset-guard' }]);
  });

  it('keeps the breach details in the record', () => {
    const details = { metric: 'latencyP99Ms', treated: 900, control: 100 };
    const result = transition(
      stateIn('guarded', '-'),
      { kind: 'breach', actor: 'guard', reason: 'p99', details },
      ctx,
    );
    expect(result.ok && result.record.details).toEqual(details);
    expect(result.ok && result.state.frozenDetail).toBe('p99');
  });
});

describe('serving share', () => {
  // DESIGN.md §5's table, with a configured guarded share of 0.4.
  const TABLE = { shadow: 0, canary: 0.05, guarded: 0.4, general: 1 } as const;

  it('follows the phase table in every phase, and is 0 only under a drift freeze', () => {
    for (const phase of PHASES) {
      expect(servingShare({ phase, frozenReason: null }, 0.4)).toBe(TABLE[phase]);
      expect(servingShare({ phase, frozenReason: 'paused' }, 0.4)).toBe(TABLE[phase]);
      expect(servingShare({ phase, frozenReason: 'drift' }, 0.4)).toBe(0);
    }
  });
});
