import { ownValue } from '../common/own-key';
import type { TaskTypeConfig } from '../contract/task-type';
import type { AnytimeJudgment } from '../rollout/anytime-guard';
import type { RolloutState } from '../rollout/phase-machine';
import { type PromotionDecision, promotionDecision } from '../rollout/promotion';
import type { CohortStats, WindowView } from '../rollout/slo-window';
import type { ArmStats } from './arm-stats';

/** The latest offline evaluation, as far as promotion reads it. */
export interface EvaluationGateInput {
  /** Unix ms */
  createdAtMs: number;
  /** version of the phase-start snapshot the report evaluated */
  policyVersion: string;
  /** lower bound of (snapshot − baseline); null when the log cannot support it */
  gateLowerBound: number | null;
}

/**
 * Tokens-per-quality-point (Σtokens / Σquality, DESIGN.md §4) of what the policy served —
 * the arms weighted by how often they were served — and of the baseline; null where unknown.
 */
export function tokensPerQualityPoint(config: TaskTypeConfig, arms: Record<string, ArmStats>) {
  const baseline = arms[config.baselineArmId];
  const baselineTpq =
    baseline && baseline.qualitySum > 0 && baseline.tokensCount > 0
      ? baseline.tokensSum / baseline.qualitySum
      : null;
  let tokens = 0;
  let quality = 0;
  for (const arm of config.arms) {
    const s = ownValue(arms, arm.id);
    if (!s || s.tokensCount === 0 || s.qualityCount === 0) continue;
    tokens += s.pulls * (s.tokensSum / s.tokensCount);
    quality += s.pulls * (s.qualitySum / s.qualityCount);
  }
  return { policy: quality > 0 ? tokens / quality : null, baseline: baselineTpq };
}

/** Whether the sweep may promote one phase (src/rollout/promotion.ts), from what the object knows. */
export function checkPromotion(
  config: TaskTypeConfig,
  rollout: RolloutState,
  view: WindowView,
  judgment: AnytimeJudgment | null,
  evaluation: EvaluationGateInput | null,
  arms: Record<string, ArmStats>,
  nowMs: number,
): PromotionDecision {
  return promotionDecision({
    state: rollout,
    nowMs,
    settings: config.rollout,
    samples: { treated: cohortSize(view.treated), control: cohortSize(view.control) },
    guard: judgment?.verdict ?? null,
    evaluation: evaluation && {
      policyVersion: evaluation.policyVersion,
      evaluatedAtMs: evaluation.createdAtMs,
      lowerBound: evaluation.gateLowerBound,
    },
    tokensPerQualityPoint: tokensPerQualityPoint(config, arms),
  });
}

/** Outcomes a cohort has in the window, whichever fields they reported. */
function cohortSize(stats: CohortStats): number {
  return Math.max(stats.latency.count, stats.quality.n, stats.calls);
}
