/**
 * The anytime SLO guard in the Durable Object (DESIGN §10, src/rollout/anytime-guard.ts):
 * every outcome part is folded into its cohort's accumulated statistics and the guard is
 * checked at once; the minute sweep judges it in full for the status and promotion. Both read
 * confidence sequences valid at every sample size, so checking after every outcome costs no
 * error budget. The simulators (scripts/simulate-*.ts) call the same functions.
 */
import {
  type AnytimeGuardState,
  type AnytimeJudgment,
  type AnytimeRuleId,
  type Cohort,
  firstAnytimeBreach,
  foldGuardOutcome,
  type GuardOutcome,
  judgeAnytimeGuard,
} from '../rollout/anytime-guard';
import { anytimeSettingsOf } from '../rollout/anytime-settings';
import type { RolloutEvent } from '../rollout/phase-machine';
import { applyRolloutEvent, type Change } from './rollout-steps';
import type { TaskTypeState } from './task-type-state';

/** The guard settings of a state's config. */
export function guardSettings(s: TaskTypeState) {
  const { config } = s.policy;
  return anytimeSettingsOf(config.rollout, config.slo);
}

/**
 * The guard with one outcome part folded in. `foldGuardOutcome` mutates (it is O(1) and hot in
 * the simulators), so the step folds into a copy of the one cohort it touches: steps never
 * change a state in place, and the store sees a new object to persist.
 */
export function foldedGuard(
  guard: AnytimeGuardState,
  cohort: Cohort,
  parts: GuardOutcome,
): AnytimeGuardState {
  const copy = { ...guard, [cohort]: structuredClone(guard[cohort]) };
  return foldGuardOutcome(copy, cohort, parts);
}

/**
 * After an outcome: fold it, and on a proven breach roll back with the full judgment as the
 * audit event's details. Without a breach only the statistics change (no judgment is built:
 * this runs once per outcome).
 */
export function guardOutcome(s: TaskTypeState, cohort: Cohort, parts: GuardOutcome, nowMs: number): Change {
  const next: TaskTypeState = { ...s, guard: foldedGuard(s.guard, cohort, parts) };
  const settings = guardSettings(next);
  if (firstAnytimeBreach(next.guard, settings) === null) return { next, effects: [] };
  return breachIfProven(next, judgeAnytimeGuard(next.guard, settings), nowMs);
}

/** The sweep's check: the full judgment (kept for the status), and a rollback on a breach. */
export function guardCheck(s: TaskTypeState, nowMs: number): Change & { judgment: AnytimeJudgment } {
  const judgment = judgeAnytimeGuard(s.guard, guardSettings(s));
  return { ...breachIfProven(s, judgment, nowMs), judgment };
}

/** The outcome field a rule judges: the name the first release's rollback events carried. */
function metricOf(rule: AnytimeRuleId): 'latencyP99Ms' | 'quality' | 'errorRate' {
  return rule.startsWith('latency') ? 'latencyP99Ms' : rule.startsWith('quality') ? 'quality' : 'errorRate';
}

function breachIfProven(s: TaskTypeState, judgment: AnytimeJudgment, nowMs: number): Change {
  const checked: TaskTypeState = { ...s, memory: { ...s.memory, lastJudgment: judgment } };
  const b = judgment.breach;
  if (judgment.verdict !== 'breach' || b === null) return { next: checked, effects: [] };
  const { rule, treated, control, threshold, bounds, n, alpha } = b;
  const details = {
    metric: metricOf(rule),
    rule,
    treated,
    control,
    threshold,
    bounds,
    n,
    alpha,
    since: s.guard.sinceMs,
  };
  const event: RolloutEvent = { kind: 'breach', actor: 'slo-guard', reason: b.reason, details };
  const { next, effects } = applyRolloutEvent(checked, event, nowMs);
  return { next, effects };
}
