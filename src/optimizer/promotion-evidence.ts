/**
 * Promotion's evidence in the Durable Object (DESIGN §10, issue 10): every decision of the
 * phase whose reward becomes known is folded, in the order the rewards are computed, into an
 * anytime-valid off-policy confidence sequence of V(snapshot) − V(baseline)
 * (rollout/anytime-promotion.ts, stats/off-policy-cs.ts); the sweep reads its lower bound at
 * every look, which costs no error budget. The target is the phase-start snapshot (DESIGN §5):
 * fixed for the phase, so the bound is on one policy's value; the π actually served was tried
 * and rejected (docs/rollout.md, "Promotion": a learning policy steers its served π towards the
 * baseline, so its running advantage passed the margin in 60 % of runs of an arm worse by 0.02).
 * The evidence restarts whenever the snapshot is taken (phase change, config change, resume after
 * a breach or drift) and at every resume. The simulator folds with the same `promotionRow`.
 *
 * It also counts the treated cohort's rewarded decisions per arm: the cost gate weighs the
 * arms by what the policy served, not by all pulls (95 % of which are the control in canary).
 */
import type { RewardSettings } from '../contract/task-type';
import { targetDistribution } from '../evaluation/learned-policy';
import { isContextual } from '../policies/registry';
import { rewardSpan } from '../reward';
import {
  type AnytimeEvaluation,
  anytimeEvaluation,
  type LoggedServing,
  PROMOTION_ALPHA,
  promotionRow,
} from '../rollout/anytime-promotion';
import { emptyOffPolicyCs, foldOffPolicyRow, type OffPolicyCsState } from '../stats/off-policy-cs';
import type { PolicyState } from './policy-state';
import type { PendingDecision } from './record-outcome';
import type { TaskTypeState } from './task-type-state';

export interface PromotionEvidence {
  /** Unix ms: decisions issued before this belong to an earlier phase and are not folded */
  sinceMs: number;
  /** the phase-start snapshot's version when the evidence started (the gate's staleness check) */
  policyVersion: string | null;
  cs: OffPolicyCsState;
  /** π_snapshot over the arms (config order) for a context-free kind; null: computed per row */
  target: number[] | null;
  /** rewards outside the range fixed by the reward config, clipped into it */
  clippedRows: number;
  /** rewarded decisions of the treated cohort (`served: policy`) per arm */
  treatedArms: Record<string, number>;
}

/** Fresh evidence for `snapshot` (null before a snapshot exists: nothing is folded). */
export function startPromotionEvidence(
  sinceMs: number,
  policyVersion: string | null,
  snapshot: PolicyState | null,
): PromotionEvidence {
  const contextFree = snapshot !== null && !isContextual(snapshot.config.policy);
  return {
    sinceMs,
    policyVersion,
    cs: emptyOffPolicyCs(PROMOTION_ALPHA),
    target: contextFree ? targetDistribution(snapshot, null) : null,
    clippedRows: 0,
    treatedArms: {},
  };
}

/**
 * The reward range mapped onto [0, 1], fixed by the config before any reward: quality, failure
 * and floor give [worst, best]; latency, tokens and cost may lower a reward by their weight per
 * reference unit (a call at `latencyRefMs`, `tokensRef`, `costRefUsd`) before it is clipped.
 */
export function promotionRewardRange(reward: RewardSettings): [number, number] {
  const [worst, best] = rewardSpan(reward);
  const { latency, tokens, cost } = reward.weights;
  const lo = worst - latency - tokens - (cost ?? 0);
  return best > lo ? [lo, best] : [lo, lo + 1];
}

/**
 * The state with one rewarded decision folded in, or the same state when the decision gives
 * no evidence: logged before the evidence started, without its logged serving (decisions of an
 * older release), or served at τ = 0 or 1. Folds into a copy: steps never change a state in place.
 */
export function withPromotionEvidence(
  s: TaskTypeState,
  pending: PendingDecision,
  reward: number,
): TaskTypeState {
  const evidence = s.promotionEvidence;
  const logged = pending.logged;
  const snapshot = s.phaseSnapshot?.state;
  if (!logged || !snapshot || pending.issuedAtMs < evidence.sinceMs) return s;
  const { config } = s.policy;
  const armIndex = config.arms.findIndex((a) => a.id === pending.armId);
  const target = evidence.target ?? targetDistribution(snapshot, pending.encoded);
  // An arm the snapshot does not know (config changes reset the evidence, so none in practice).
  if (armIndex < 0 || target === null || target.length !== config.arms.length) return s;
  const serving: LoggedServing = { ...logged, servedBaseline: pending.armId === config.baselineArmId };
  const folded = promotionRow(serving, target[armIndex]!, reward, promotionRewardRange(config.reward));
  if (folded === null) return s;
  const cs = foldOffPolicyRow(structuredClone(evidence.cs), folded.row);
  const treatedArms =
    pending.served === 'policy'
      ? { ...evidence.treatedArms, [pending.armId]: (evidence.treatedArms[pending.armId] ?? 0) + 1 }
      : evidence.treatedArms;
  const clippedRows = evidence.clippedRows + (folded.clipped ? 1 : 0);
  return { ...s, promotionEvidence: { ...evidence, cs, clippedRows, treatedArms } };
}

/** The evaluation promotion reads now, in reward units. */
export function evidenceEvaluation(s: TaskTypeState, nowMs: number): AnytimeEvaluation {
  const { cs, policyVersion } = s.promotionEvidence;
  const [lo, hi] = promotionRewardRange(s.policy.config.reward);
  return anytimeEvaluation(cs, policyVersion ?? '', nowMs, hi - lo);
}

/** What the status and the evaluation report show of the evidence. */
export function evidenceView(s: TaskTypeState, nowMs: number) {
  const e = s.promotionEvidence;
  const { evaluatedAtMs, ...evaluation } = evidenceEvaluation(s, nowMs);
  return {
    ...evaluation,
    evaluatedAt: new Date(evaluatedAtMs).toISOString(),
    since: new Date(e.sinceMs).toISOString(),
    alpha: PROMOTION_ALPHA,
    target: 'phase-start snapshot' as const,
    rewardRange: promotionRewardRange(s.policy.config.reward),
    clippedRows: e.clippedRows,
    unsupportedRows: e.cs.unsupportedRows,
    treatedArms: e.treatedArms,
  };
}
