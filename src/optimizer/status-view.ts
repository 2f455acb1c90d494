import { costToday } from '../cost/cost-day';
import { sloSummary } from '../rollout/slo-summary';
import { windowView } from '../rollout/slo-window';
import { summarizeArm, withCostVersusBaseline } from './arm-stats';
import { budgetToday, statusOfBudget } from './budget-steps';
import { linearModelSummary } from './model-summary';
import { armStats, policyVersion, priorOf } from './policy-state';
import { evidenceView } from './promotion-evidence';
import { describeRollout, promotionCheck } from './rollout-steps';
import type { TaskTypeState } from './task-type-state';

/** The task type status (API.md "Task types"); `outbox` is the object's, passed through. */
export function taskTypeStatus<Outbox>(
  s: TaskTypeState,
  reservedTokens: number,
  outbox: Outbox,
  nowMs: number,
) {
  const { policy } = s;
  const { config } = policy;
  const prior = priorOf(config);
  const lastJudgment = s.memory.lastJudgment;
  return {
    taskType: policy.taskType,
    version: policy.configVersion,
    config,
    ...describeRollout(s),
    slo: { ...sloSummary(windowView(s.sloWindow, nowMs)), lastJudgment },
    promotion: promotionCheck(s, nowMs, lastJudgment),
    drift: s.memory.lastDrift,
    policyVersion: policyVersion(policy),
    arms: withCostVersusBaseline(
      config.arms.map((arm) => summarizeArm(arm.id, armStats(policy, arm.id), prior)),
      config.baselineArmId,
    ),
    /** what the calls recorded on the current UTC day cost (API.md "Cost") */
    costUsd: costToday(s.costToday, nowMs),
    budget: statusOfBudget(budgetToday(s.budget, reservedTokens, nowMs), config.budget.dailyTokens, nowMs),
    model: linearModelSummary(policy),
    /** the anytime-valid evidence promotion reads ('betting-cs-ips') */
    promotionEvidence: evidenceView(s, nowMs),
    /** the hourly bootstrap evaluation: for display, no longer read by promotion */
    latestEvaluation: s.latestEvaluation,
    unknownFeatures: s.unknownFeatures,
    outbox,
  };
}

/**
 * What the offline evaluation needs: the current policy (with its phase) and the phase-start
 * snapshot; and the evidence promotion reads, which its report names beside its own figures.
 */
export function evaluationInputs(s: TaskTypeState, nowMs: number) {
  return {
    current: { ...s.policy, phase: s.rollout.phase },
    snapshot: s.phaseSnapshot?.state ?? s.policy,
    phaseStartedAtMs: s.phaseSnapshot?.startedAtMs ?? 0,
    promotionEvidence: evidenceView(s, nowMs),
  };
}
