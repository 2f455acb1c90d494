import type { Outcome, OutcomeResult } from '../contract/outcome';
import { priceOfArm } from '../cost/arm-price';
import { addCostToday } from '../cost/cost-day';
import { pricesAtDecision } from '../policies/registry';
import { rewardDefaults } from '../reward';
import { addOutcome, cohortOf } from '../rollout/slo-window';
import { addOutcomeFields } from './arm-stats';
import { budgetToday, spend } from './budget-steps';
import { guardOutcome } from './guard-steps';
import { learnReward } from './learn';
import type { RecordedOutcome } from './merge-outcome';
import { armStats, decisionTeachesArm, type PolicyState } from './policy-state';
import { withPromotionEvidence } from './promotion-evidence';
import { type PendingDecision, recordOutcome, rewardAfterWait } from './record-outcome';
import type { Effect, Step, TaskTypeState } from './task-type-state';

export interface OutcomeStepInput {
  outcome: Outcome;
  /** the decision as stored: live, a tombstone (`'expired'`), or never issued here (null) */
  pending: PendingDecision | 'expired' | null;
  /** tokens held by live reservations now */
  reservedTokens: number;
}

/**
 * One outcome part: merged into its decision (each field once), its tokens settled against
 * the budget, the arm's figures and (once the reward is complete) the posterior updated,
 * the SLO window fed (display), the anytime guard folded and checked inline (guard-steps.ts),
 * and a newly known reward folded into promotion's evidence (promotion-evidence.ts).
 */
export function outcomeStep(s: TaskTypeState, input: OutcomeStepInput, nowMs: number): Step<OutcomeResult> {
  const { outcome, pending } = input;
  const decisionId = outcome.decisionId;
  if (pending === null) return { reply: { decisionId, status: 'not_found' }, next: s, effects: [] };
  if (pending === 'expired') return { reply: { decisionId, status: 'expired' }, next: s, effects: [] };
  const { config } = s.policy;
  const merged = recordOutcome(pending, outcome, config.reward, nowMs, priceOfArm(config, pending.armId));
  if (!merged.updated) return { reply: merged.result, next: s, effects: [] };
  const added = merged.added ?? {};
  const effects: Effect[] = [{ kind: 'log-outcome', decision: merged.updated, before: pending }];
  let next: TaskTypeState = { ...s, policy: teach(s.policy, pending, added, merged) };
  if (merged.newReward !== undefined) next = withPromotionEvidence(next, pending, merged.newReward);
  if (added.costUsd !== undefined)
    next = { ...next, costToday: addCostToday(s.costToday, added.costUsd, nowMs) };
  const tokens = spentTokens(added);
  if (tokens !== null) {
    const today = budgetToday(s.budget, input.reservedTokens, nowMs);
    effects.push(...today.effects, { kind: 'settle-reservation', decisionId });
    next = { ...next, budget: spend(today.book, tokens) };
  }
  const sloParts =
    added.latencyMs !== undefined || added.quality !== undefined || added.success !== undefined;
  if (!sloParts) return { reply: merged.result, next, effects };
  const cohort = cohortOf(pending.served);
  next = { ...next, sloWindow: addOutcome(next.sloWindow, cohort, added, nowMs) };
  // Shadow has no treated cohort to judge; its guard restarts when canary begins.
  if (next.rollout.phase === 'shadow') return { reply: merged.result, next, effects };
  const guarded = guardOutcome(next, cohort, added, nowMs);
  return { reply: merged.result, next: guarded.next, effects: [...effects, ...guarded.effects] };
}

/**
 * What the policy learns from an outcome part: the arm's figures and, when the part completed
 * the reward, the posterior. An arm reset (or removed) since the decision learns nothing from
 * it: the decision was made with other params.
 */
function teach(
  policy: PolicyState,
  pending: PendingDecision,
  added: RecordedOutcome,
  { newReward, newRewardBeforeCost }: { newReward?: number; newRewardBeforeCost?: number },
): PolicyState {
  if (!decisionTeachesArm(policy, pending.armId, pending.configVersion)) return policy;
  const stats = addOutcomeFields(armStats(policy, pending.armId), added);
  const withFields = { ...policy, arms: { ...policy.arms, [pending.armId]: stats } };
  if (newReward !== undefined) return learnReward(withFields, pending, newReward, newRewardBeforeCost);
  // A policy that prices arms reads tokens and costs at decision time: a new revision, new draws.
  const priced =
    pricesAtDecision(policy.config.policy) &&
    (added.promptTokens ?? added.completionTokens ?? added.costUsd) !== undefined;
  return priced ? { ...withFields, revision: withFields.revision + 1 } : withFields;
}

/** prompt + completion tokens an outcome part reported, or null when it reported none. */
export function spentTokens(added: { promptTokens?: number; completionTokens?: number }): number | null {
  if (added.promptTokens === undefined && added.completionTokens === undefined) return null;
  return (added.promptTokens ?? 0) + (added.completionTokens ?? 0);
}

/** Decisions issued before this instant may be scored without quality; null when the config never does. */
export function rewardWaitCutoff(s: TaskTypeState, nowMs: number): number | null {
  const { reward } = s.policy.config;
  // Without any default, a reward still missing now stays missing at the wait as well.
  const defaults = rewardDefaults(reward);
  return Object.values(defaults).every((v) => v === undefined) ? null : nowMs - reward.rewardWaitMs;
}

/** Scores decisions whose reward is still incomplete after `rewardWaitMs`, with `reward.defaults` (API.md "Cost"). */
export function rewardWaitStep(s: TaskTypeState, waiting: PendingDecision[], nowMs: number): Step<number> {
  let next = s;
  const effects: Effect[] = [];
  for (const pending of waiting) {
    const { config } = next.policy;
    const scored = rewardAfterWait(pending, config.reward, nowMs, priceOfArm(config, pending.armId));
    if (scored === null) continue;
    effects.push({ kind: 'log-outcome', decision: { ...pending, reward: scored.reward }, before: pending });
    if (decisionTeachesArm(next.policy, pending.armId, pending.configVersion))
      next = { ...next, policy: learnReward(next.policy, pending, scored.reward, scored.beforeCost) };
    next = withPromotionEvidence(next, pending, scored.reward);
  }
  return { reply: effects.length, next, effects };
}
