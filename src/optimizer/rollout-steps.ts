import type { TaskTypeConfig } from '../contract/task-type';
import { type AnytimeJudgment, startAnytimeGuard } from '../rollout/anytime-guard';
import { detectDriftFromReference, referenceOf, resumeReference } from '../rollout/drift-reference';
import { type RolloutEvent, type TransitionResult, transition } from '../rollout/phase-machine';
import type { PromotionDecision } from '../rollout/promotion';
import { servingShare } from '../rollout/serving';
import { sloSummary } from '../rollout/slo-summary';
import { emptySloWindow, type SloWindow, windowView } from '../rollout/slo-window';
import { policyVersion } from './policy-state';
import { evidenceEvaluation, startPromotionEvidence } from './promotion-evidence';
import { checkPromotion } from './promotion-gate';
import { audit, type Effect, type TaskTypeState } from './task-type-state';

/** A state change and what it asks for, before a step turns it into a reply. */
export interface Change {
  next: TaskTypeState;
  effects: Effect[];
}

/** The SLO window's shape a config asks for (defaults before a config exists). */
export function windowSettings(config: TaskTypeConfig | null) {
  const rollout = config?.rollout;
  return {
    windowMs: rollout?.windowMs ?? 15 * 60_000,
    bucketMs: rollout?.bucketMs ?? 5 * 60_000,
    sketchAlpha: rollout?.sketchAlpha ?? 0.01,
  };
}

/** An empty window of the config's shape, or the same window when its shape still fits. */
export function windowFor(config: TaskTypeConfig, window: SloWindow | null): SloWindow {
  const wanted = windowSettings(config);
  const fits =
    window !== null &&
    window.windowMs === wanted.windowMs &&
    window.bucketMs === wanted.bucketMs &&
    window.sketchAlpha === wanted.sketchAlpha;
  return fits ? window : emptySloWindow(wanted);
}

/** τ to serve now (0 while frozen for drift). */
export function shareOf(s: TaskTypeState): number {
  return servingShare(s.rollout, s.policy.config.rollout.guardedShare);
}

/** The rollout as the status and the rollout route show it. */
export function describeRollout(s: TaskTypeState) {
  const r = s.rollout;
  return {
    phase: r.phase,
    share: shareOf(s),
    frozen: r.frozen,
    frozenReason: r.frozenReason,
    frozenDetail: r.frozenDetail,
    phaseStartedAt: new Date(r.phaseStartedAtMs).toISOString(),
    previousPhase: r.previousPhase,
    phasePolicyVersion: r.phasePolicyVersion,
  };
}

/**
 * The policy as it is now, frozen as the phase-start snapshot (the offline evaluation's target),
 * and promotion's evidence restarted: it judges this phase's decisions only.
 */
export function withPhaseSnapshot(s: TaskTypeState, nowMs: number): TaskTypeState {
  return {
    ...s,
    phaseSnapshot: { startedAtMs: nowMs, state: s.policy },
    promotionEvidence: startPromotionEvidence(nowMs, s.rollout.phasePolicyVersion, s.policy),
  };
}

/**
 * Applies a rollout event (phase machine): on success resets what the transition asks,
 * freezes a new snapshot when a phase starts, moves the drift reference on a promotion,
 * and audits the transition.
 */
export function applyRolloutEvent(
  s: TaskTypeState,
  event: RolloutEvent,
  nowMs: number,
): Change & { result: TransitionResult } {
  const { config } = s.policy;
  const result = transition(s.rollout, event, {
    nowMs,
    policyVersion: policyVersion(s.policy),
    onBreach: config.rollout.onBreach,
    automaticFromShadow: config.rollout.promotion.automatic,
  });
  if (!result.ok) return { next: s, effects: [], result };
  let next: TaskTypeState = { ...s, rollout: result.state };
  const seen =
    Object.keys(s.drift.recent.numeric).length > 0 || Object.keys(s.drift.recent.categorical).length > 0;
  // A promotion takes the contexts it was decided on as the drift reference; a resume takes
  // the present (so a lifted drift freeze stays lifted until the contexts move again).
  if (seen && (event.kind === 'advance' || event.kind === 'auto-promote'))
    next.drift = { ...s.drift, reference: referenceOf(s.drift.recent) };
  if (seen && event.kind === 'resume' && s.rollout.frozenReason === 'drift')
    next.drift = { ...s.drift, reference: resumeReference(s.drift.recent) };
  // Guard statistics accumulate from the phase start or the last resume (DESIGN §10): a
  // resume after a breach must not judge the rolled-back policy's outcomes again.
  // Promotion's evidence restarts with them: what a paused or breached phase logged is not
  // what the resumed one will serve.
  if (event.kind === 'resume') {
    next.guard = startAnytimeGuard(nowMs);
    next.promotionEvidence = startPromotionEvidence(
      nowMs,
      next.rollout.phasePolicyVersion,
      next.phaseSnapshot?.state ?? null,
    );
  }
  for (const effect of result.effects) {
    if (effect.kind === 'reset-guard') next.guard = startAnytimeGuard(nowMs);
    if (effect.kind === 'reset-slo-window') next.sloWindow = emptySloWindow(windowSettings(config));
  }
  if (result.state.phaseStartedAtMs !== s.rollout.phaseStartedAtMs) next = withPhaseSnapshot(next, nowMs);
  const details = {
    from: result.record.from,
    to: result.record.to,
    details: result.record.details ?? null,
    slo: sloSummary(windowView(next.sloWindow, nowMs)),
  };
  const entry = audit(next, {
    kind: `rollout-${event.kind}`,
    actor: event.actor,
    reason: event.reason,
    details,
  });
  return { next, effects: [entry], result };
}

/** Whether the sweep may promote one phase, from what the object knows. */
export function promotionCheck(
  s: TaskTypeState,
  nowMs: number,
  judgment: AnytimeJudgment | null,
): PromotionDecision {
  const view = windowView(s.sloWindow, nowMs);
  const { config, arms } = s.policy;
  const input = {
    evaluation: evidenceEvaluation(s, nowMs),
    arms,
    servedArms: s.promotionEvidence.treatedArms,
  };
  return checkPromotion(config, s.rollout, view, judgment, input, nowMs);
}

/** Compares the recent contexts with those the policy was promoted on (DESIGN.md §5: drift). */
export function driftCheck(s: TaskTypeState) {
  const { rollout } = s.policy.config;
  if (!s.drift.reference) return null;
  const { reference, recent } = s.drift;
  return detectDriftFromReference(reference, recent, rollout.driftThreshold, rollout.driftMinSamples);
}
