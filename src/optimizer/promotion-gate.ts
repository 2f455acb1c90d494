import { ownValue } from '../common/own-key';
import type { TaskTypeConfig } from '../contract/task-type';
import type { AnytimeJudgment } from '../rollout/anytime-guard';
import { type AnytimeEvaluation, anytimePromotionDecision } from '../rollout/anytime-promotion';
import type { RolloutState } from '../rollout/phase-machine';
import type { PromotionDecision } from '../rollout/promotion';
import type { CohortStats, WindowView } from '../rollout/slo-window';
import type { ArmStats } from './arm-stats';

/**
 * Tokens-per-quality-point (Σtokens / Σquality, DESIGN.md §4) of what the policy served and of
 * the baseline; null where unknown. `served` weighs the arms: how often each was served to the
 * treated cohort (issue 10, item 6: weighing by all pulls, 95 % of which are the control in
 * canary, let an arm costing 2× the baseline pass as 1.04×). Each arm's own means come from all
 * its calls: an arm's cost per call does not depend on the cohort it was served in.
 */
export function tokensPerQualityPoint(
  config: TaskTypeConfig,
  arms: Record<string, ArmStats>,
  served: Record<string, number>,
) {
  const baseline = arms[config.baselineArmId];
  const baselineTpq =
    baseline && baseline.qualitySum > 0 && baseline.tokensCount > 0
      ? baseline.tokensSum / baseline.qualitySum
      : null;
  let tokens = 0;
  let quality = 0;
  for (const arm of config.arms) {
    const s = ownValue(arms, arm.id);
    const n = ownValue(served, arm.id) ?? 0;
    if (!s || n === 0 || s.tokensCount === 0 || s.qualityCount === 0) continue;
    tokens += n * (s.tokensSum / s.tokensCount);
    quality += n * (s.qualitySum / s.qualityCount);
  }
  return { policy: quality > 0 ? tokens / quality : null, baseline: baselineTpq };
}

/** What the gate reads besides the config and the rollout. */
export interface PromotionEvidenceInput {
  /** the anytime-valid off-policy evaluation of the phase (promotion-evidence.ts) */
  evaluation: AnytimeEvaluation | null;
  arms: Record<string, ArmStats>;
  /** treated-cohort decisions per arm, for the cost gate */
  servedArms: Record<string, number>;
}

/**
 * Whether the sweep may promote one phase (src/rollout/promotion.ts), from what the object
 * knows: the evaluation is the anytime-valid lower bound, read at every sweep (DESIGN §10).
 */
export function checkPromotion(
  config: TaskTypeConfig,
  rollout: RolloutState,
  view: WindowView,
  judgment: AnytimeJudgment | null,
  input: PromotionEvidenceInput,
  nowMs: number,
): PromotionDecision {
  return anytimePromotionDecision({
    state: rollout,
    nowMs,
    settings: config.rollout,
    samples: { treated: cohortSize(view.treated), control: cohortSize(view.control) },
    guard: judgment?.verdict ?? null,
    evaluation: input.evaluation,
    tokensPerQualityPoint: tokensPerQualityPoint(config, input.arms, input.servedArms),
  });
}

/** Outcomes a cohort has in the window, whichever fields they reported. */
function cohortSize(stats: CohortStats): number {
  return Math.max(stats.latency.count, stats.quality.n, stats.calls);
}
