import type { Context, Served } from '../src/contract/decision-log';
import type { TaskTypeConfig } from '../src/contract/task-type';
import { addContext, type ContextHistograms, driftFeatures } from '../src/optimizer/context-histograms';
import { type DriftResult, detectDrift } from '../src/rollout/drift';
import {
  initialRolloutState,
  type RolloutEvent,
  type RolloutState,
  type TransitionResult,
  transition,
} from '../src/rollout/phase-machine';
import { servingShare } from '../src/rollout/serving';
import {
  checkGuard,
  type GuardState,
  guardSettingsOf,
  INITIAL_GUARD,
  type Judgment,
} from '../src/rollout/slo-guard';
import {
  addOutcome,
  cohortOf,
  emptySloWindow,
  type OutcomeSample,
  type SloWindow,
  type WindowView,
  windowView,
} from '../src/rollout/slo-window';
import { sloWindowFromJson, sloWindowToJson } from './slo-window-codec';
import type { TaskTypeStore } from './task-type-store';

/**
 * A task type's rollout: its phase and freeze (the phase machine), the SLO window of the
 * treated and control cohorts, and the guard's alpha-spending state. Persists through the
 * store; the decisions themselves are made by the pure functions in src/rollout.
 */
export class RolloutKeeper {
  private rollout: RolloutState;
  private window: SloWindow;
  private guard: GuardState;
  /** numeric context histograms: the window the policy was promoted on, and the one since */
  private drift: { reference: ContextHistograms | null; recent: ContextHistograms };
  private windowDirty = false;

  constructor(private readonly store: TaskTypeStore) {
    this.rollout =
      store.getMeta<RolloutState>('rollout') ??
      initialRolloutState(0, '0.0', store.getMeta('phase') ?? 'shadow');
    this.guard = store.getMeta<GuardState>('sloGuard') ?? INITIAL_GUARD;
    this.window = sloWindowFromJson(store.getMeta('sloWindow')) ?? emptySloWindow(windowSettings(null));
    this.drift = store.getMeta('drift') ?? { reference: null, recent: {} };
  }

  /** Counts a request's context toward the recent window (persisted by the sweep: losing a few counts is harmless). */
  observeContext(config: TaskTypeConfig, context: Context): void {
    const features = driftFeatures(config);
    if (features.length > 0)
      this.drift = { ...this.drift, recent: addContext(this.drift.recent, features, context) };
  }

  /** Compares the recent contexts with those the policy was promoted on (DESIGN.md §5: drift). */
  checkDrift(config: TaskTypeConfig): DriftResult | null {
    this.flush();
    if (!this.drift.reference) return null;
    return detectDrift(
      this.drift.reference,
      this.drift.recent,
      config.rollout.driftThreshold,
      config.rollout.driftMinSamples,
    );
  }

  /** A new task type starts in its configured phase. */
  start(config: TaskTypeConfig, nowMs: number, policyVersion: string): void {
    this.rollout = initialRolloutState(nowMs, policyVersion, config.rollout.phase ?? 'shadow');
    this.guard = INITIAL_GUARD;
    this.window = emptySloWindow(windowSettings(config));
    this.persist();
  }

  /**
   * A new config is a new policy in the same phase: its dwell and evaluated snapshot start
   * now, and the guard's budget restarts (the rules may have changed). A changed window shape
   * cannot reuse the old buckets.
   */
  reconfigure(config: TaskTypeConfig, nowMs: number, policyVersion: string): void {
    this.rollout = { ...this.rollout, phaseStartedAtMs: nowMs, phasePolicyVersion: policyVersion };
    this.guard = INITIAL_GUARD;
    const wanted = windowSettings(config);
    const w = this.window;
    const sameShape =
      w.windowMs === wanted.windowMs &&
      w.bucketMs === wanted.bucketMs &&
      w.sketchAlpha === wanted.sketchAlpha;
    if (!sameShape) this.window = emptySloWindow(wanted);
    this.persist();
  }

  get state(): RolloutState {
    return this.rollout;
  }

  /** The rollout as the status shows it. */
  describe(config: TaskTypeConfig) {
    const r = this.rollout;
    return {
      phase: r.phase,
      share: this.share(config),
      frozen: r.frozen,
      frozenReason: r.frozenReason,
      frozenDetail: r.frozenDetail,
      phaseStartedAt: new Date(r.phaseStartedAtMs).toISOString(),
      previousPhase: r.previousPhase,
      phasePolicyVersion: r.phasePolicyVersion,
    };
  }

  /** τ to serve now (0 while frozen for drift). */
  share(config: TaskTypeConfig): number {
    return servingShare(this.rollout, config.rollout.guardedShare);
  }

  /**
   * Adds an outcome part to its cohort's window. The window is written by `flush` (the next
   * alarm, within the outbox delay), not per outcome: a restart may lose the last fraction of a
   * second of SLO samples, never a decision.
   */
  record(served: Served, sample: OutcomeSample, nowMs: number): void {
    if (sample.latencyMs === undefined && sample.quality === undefined && sample.success === undefined)
      return;
    this.window = addOutcome(this.window, cohortOf(served), sample, nowMs);
    this.windowDirty = true;
  }

  /** Writes what changed in memory only (the SLO window, the drift counts). */
  flush(): void {
    if (this.windowDirty) this.store.setMeta('sloWindow', sloWindowToJson(this.window));
    this.windowDirty = false;
    this.store.setMeta('drift', this.drift);
  }

  view(nowMs: number): WindowView {
    return windowView(this.window, nowMs);
  }

  /** One check of the SLO guard (after an outcome, or by the sweep). */
  check(config: TaskTypeConfig, nowMs: number): Judgment {
    const settings = guardSettingsOf(config.rollout, config.slo);
    const { state, result } = checkGuard(this.guard, this.view(nowMs), settings);
    this.guard = state;
    this.store.setMeta('sloGuard', this.guard);
    return result;
  }

  /** Applies a rollout event; on success persists the new state and runs its effects. */
  apply(event: RolloutEvent, config: TaskTypeConfig, nowMs: number, policyVersion: string): TransitionResult {
    const result = transition(this.rollout, event, {
      nowMs,
      policyVersion,
      onBreach: config.rollout.onBreach,
      automaticFromShadow: config.rollout.promotion.automatic,
    });
    if (!result.ok) return result;
    this.rollout = result.state;
    // A promotion freezes the contexts it was decided on as the drift reference.
    if (event.kind === 'advance' || event.kind === 'auto-promote') {
      const seen = Object.keys(this.drift.recent).length > 0;
      this.drift = { reference: seen ? this.drift.recent : this.drift.reference, recent: {} };
      this.store.setMeta('drift', this.drift);
    }
    for (const effect of result.effects) {
      if (effect.kind === 'reset-guard') this.guard = INITIAL_GUARD;
      if (effect.kind === 'reset-slo-window') this.window = emptySloWindow(windowSettings(config));
    }
    this.persist();
    return result;
  }

  private persist(): void {
    this.store.setMeta('rollout', this.rollout);
    this.store.setMeta('phase', this.rollout.phase);
    this.store.setMeta('sloGuard', this.guard);
    this.store.setMeta('sloWindow', sloWindowToJson(this.window));
    this.windowDirty = false;
  }
}

function windowSettings(config: TaskTypeConfig | null) {
  const rollout = config?.rollout;
  return {
    windowMs: rollout?.windowMs ?? 15 * 60_000,
    bucketMs: rollout?.bucketMs ?? 5 * 60_000,
    sketchAlpha: rollout?.sketchAlpha ?? 0.01,
  };
}
