/**
 * The rollout phase machine (DESIGN.md §5): shadow → canary → guarded → general, a `frozen`
 * flag with its reason, and every transition as a record for the audit chain. Pure: time and
 * the policy version come in as arguments; a refused transition is a value naming the
 * current phase (the route answers 409 with it).
 */
import type { Phase } from '../contract/decision-log';

export const PHASES: readonly Phase[] = ['shadow', 'canary', 'guarded', 'general'];

/**
 * Why the rollout is frozen, weakest first. Any freeze stops automatic promotion and needs an
 * ops `resume`; `drift` also serves only the baseline. A stronger reason replaces a weaker one.
 */
export type FrozenReason = 'paused' | 'breach' | 'drift';
const STRENGTH: Record<FrozenReason, number> = { paused: 1, breach: 2, drift: 3 };

export interface RolloutState {
  phase: Phase;
  frozen: boolean;
  frozenReason: FrozenReason | null;
  /** the words behind the freeze (ops' reason, the breach or drift summary) */
  frozenDetail: string | null;
  /** Unix ms; dwell time counts from here */
  phaseStartedAtMs: number;
  /** the phase before the last phase change */
  previousPhase: Phase | null;
  /** policy version snapshotted when the phase started: promotion evaluates this snapshot */
  phasePolicyVersion: string | null;
}

export type RolloutEvent =
  | { kind: 'advance'; actor: string; reason: string }
  | { kind: 'rollback'; actor: string; reason: string /** default: one phase back */; to?: Phase }
  | { kind: 'pause'; actor: string; reason: string }
  | { kind: 'resume'; actor: string; reason: string }
  | { kind: 'breach'; actor: string; reason: string; details?: unknown }
  | { kind: 'drift'; actor: string; reason: string; details?: unknown }
  | { kind: 'auto-promote'; actor: string; reason: string; details?: unknown };
export type RolloutEventKind = RolloutEvent['kind'];

export interface TransitionContext {
  /** Unix ms */
  nowMs: number;
  /** the policy version now; a new phase snapshots it */
  policyVersion: string;
  /** where a breach goes: shadow (default) or one phase back */
  onBreach: 'shadow' | 'previous';
  /** the task type opted into automatic shadow → canary */
  automaticFromShadow: boolean;
}

/** What the transition did, for the audit chain (audit-chain.ts adds versions, metrics and the hash). */
export interface TransitionRecord {
  action: RolloutEventKind;
  actor: string;
  reason: string;
  atMs: number;
  from: { phase: Phase; frozen: boolean; frozenReason: FrozenReason | null };
  to: { phase: Phase; frozen: boolean; frozenReason: FrozenReason | null };
  details?: unknown;
}

/** Work for the caller: reset the guard's alpha budget, or drop the SLO window's stale data. */
export type RolloutEffect = { kind: 'reset-guard' } | { kind: 'reset-slo-window' };

export type Refusal =
  | 'already_general'
  | 'already_shadow'
  | 'frozen'
  | 'not_frozen'
  | 'already_frozen'
  | 'manual_only'
  | 'reason_required'
  | 'invalid_target';

export type TransitionResult =
  | { ok: true; state: RolloutState; record: TransitionRecord; effects: RolloutEffect[] }
  | {
      ok: false;
      reason: Refusal;
      message: string;
      phase: Phase;
      frozen: boolean;
      frozenReason: FrozenReason | null;
    };

/** A fresh rollout in `phase` (the task type's `rollout.phase`, default shadow). */
export function initialRolloutState(
  nowMs: number,
  policyVersion: string,
  phase: Phase = 'shadow',
): RolloutState {
  return {
    phase,
    frozen: false,
    frozenReason: null,
    frozenDetail: null,
    phaseStartedAtMs: nowMs,
    previousPhase: null,
    phasePolicyVersion: policyVersion,
  };
}

const indexOf = (phase: Phase): number => PHASES.indexOf(phase);
const next = (phase: Phase): Phase | null => PHASES[indexOf(phase) + 1] ?? null;
const back = (phase: Phase): Phase | null => PHASES[indexOf(phase) - 1] ?? null;

/** Applies one event. Ops events need a non-empty reason. */
export function transition(
  state: RolloutState,
  event: RolloutEvent,
  ctx: TransitionContext,
): TransitionResult {
  const refuse = (reason: Refusal, message: string): TransitionResult => ({
    ok: false,
    reason,
    message: `${message} (phase ${state.phase}${state.frozen ? `, frozen: ${state.frozenReason}` : ''})`,
    phase: state.phase,
    frozen: state.frozen,
    frozenReason: state.frozenReason,
  });
  if (event.reason.trim() === '') return refuse('reason_required', `${event.kind} needs a reason`);

  switch (event.kind) {
    case 'advance':
    case 'auto-promote': {
      const to = next(state.phase);
      if (to === null) return refuse('already_general', 'general is the last phase');
      if (state.frozen) return refuse('frozen', 'resume the rollout before advancing it');
      if (event.kind === 'auto-promote' && state.phase === 'shadow' && !ctx.automaticFromShadow)
        return refuse('manual_only', 'shadow → canary needs an ops advance');
      return done(state, event, ctx, moveTo(state, to, ctx), []);
    }
    case 'rollback': {
      const to = event.to ?? back(state.phase);
      if (to === null) return refuse('already_shadow', 'shadow is the first phase');
      if (indexOf(to) >= indexOf(state.phase))
        return refuse('invalid_target', `rollback must go to an earlier phase than ${state.phase}`);
      return done(state, event, ctx, moveTo(state, to, ctx), [{ kind: 'reset-slo-window' }]);
    }
    case 'breach': {
      const to = ctx.onBreach === 'shadow' ? 'shadow' : back(state.phase);
      if (state.phase === 'shadow' || to === null)
        return refuse('already_shadow', 'nothing is served from the policy in shadow');
      const moved = freeze(moveTo(state, to, ctx), 'breach', event.reason);
      return done(state, event, ctx, moved, [{ kind: 'reset-slo-window' }]);
    }
    case 'drift':
      if (state.frozenReason === 'drift') return refuse('already_frozen', 'already frozen for drift');
      return done(state, event, ctx, freeze(state, 'drift', event.reason), []);
    case 'pause':
      if (state.frozen) return refuse('already_frozen', 'already frozen');
      return done(state, event, ctx, freeze(state, 'paused', event.reason), []);
    case 'resume': {
      if (!state.frozen) return refuse('not_frozen', 'the rollout is not frozen');
      const thawed: RolloutState = { ...state, frozen: false, frozenReason: null, frozenDetail: null };
      if (state.frozenReason === 'paused') return done(state, event, ctx, thawed, []);
      // After a breach or drift no evidence was gathered while frozen: the dwell and the
      // evaluated policy snapshot start over.
      const restarted = { ...thawed, phaseStartedAtMs: ctx.nowMs, phasePolicyVersion: ctx.policyVersion };
      return done(state, event, ctx, restarted, [{ kind: 'reset-guard' }]);
    }
  }
}

function moveTo(state: RolloutState, phase: Phase, ctx: TransitionContext): RolloutState {
  return {
    ...state,
    phase,
    previousPhase: state.phase,
    phaseStartedAtMs: ctx.nowMs,
    phasePolicyVersion: ctx.policyVersion,
  };
}

/** Freezes with `reason` unless a stronger freeze is already in place. */
function freeze(state: RolloutState, reason: FrozenReason, detail: string): RolloutState {
  if (state.frozenReason !== null && STRENGTH[state.frozenReason] >= STRENGTH[reason]) return state;
  return { ...state, frozen: true, frozenReason: reason, frozenDetail: detail };
}

function done(
  before: RolloutState,
  event: RolloutEvent,
  ctx: TransitionContext,
  after: RolloutState,
  effects: RolloutEffect[],
): TransitionResult {
  const phaseChanged = after.phase !== before.phase;
  const allEffects: RolloutEffect[] =
    phaseChanged && !effects.some((e) => e.kind === 'reset-guard')
      ? [{ kind: 'reset-guard' }, ...effects]
      : effects;
  const snap = (s: RolloutState) => ({ phase: s.phase, frozen: s.frozen, frozenReason: s.frozenReason });
  const record: TransitionRecord = {
    action: event.kind,
    actor: event.actor,
    reason: event.reason,
    atMs: ctx.nowMs,
    from: snap(before),
    to: snap(after),
    ...('details' in event && event.details !== undefined ? { details: event.details } : {}),
  };
  return { ok: true, state: after, record, effects: allEffects };
}
