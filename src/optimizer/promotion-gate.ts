import type { TaskTypeConfig } from '../contract/task-type';
import type { RolloutState } from '../rollout/phase-machine';
import type { Judgment } from '../rollout/slo-guard';
import type { CohortStats, WindowView } from '../rollout/slo-window';
import type { ArmStats } from './arm-stats';

export interface EvaluationGateInput {
  /** Unix ms */
  createdAtMs: number;
  /** lower bound of (phase-start snapshot − baseline); null when the log cannot support it */
  gateLowerBound: number | null;
}

export interface PromotionCheck {
  promote: boolean;
  /** why (not), in plain words: shown in the status and written into the audit event */
  reason: string;
  /** tokens-per-quality-point of what the policy served ÷ the baseline's; null without token data */
  costRatio: number | null;
}

/**
 * Tokens-per-quality-point (Σtokens / Σquality) of the arms the policy served, weighted by
 * how often it served them, over the baseline's (DESIGN.md §4: the bar is ≤ × 1.05).
 */
export function costRatio(config: TaskTypeConfig, arms: Record<string, ArmStats>): number | null {
  const baseline = arms[config.baselineArmId];
  if (!baseline || baseline.qualitySum <= 0 || baseline.tokensCount === 0) return null;
  let tokens = 0;
  let quality = 0;
  for (const arm of config.arms) {
    const s = arms[arm.id];
    if (!s || s.tokensCount === 0 || s.qualityCount === 0) continue;
    const weight = s.pulls;
    tokens += weight * (s.tokensSum / s.tokensCount);
    quality += weight * (s.qualitySum / s.qualityCount);
  }
  if (quality <= 0) return null;
  return tokens / quality / (baseline.tokensSum / baseline.qualitySum);
}

/**
 * Whether the sweep may promote the rollout one phase (DESIGN.md §5): not frozen, dwell time
 * and sample minimums met, no breach open, the latest evaluation of the phase-start snapshot
 * made during this phase with (policy − baseline) lower bound ≥ −margin, and the cost bar met.
 */
export function checkPromotion(
  config: TaskTypeConfig,
  rollout: RolloutState,
  view: WindowView,
  judgment: Judgment | null,
  evaluation: EvaluationGateInput | null,
  ratio: number | null,
  nowMs: number,
): PromotionCheck {
  const no = (reason: string): PromotionCheck => ({ promote: false, reason, costRatio: ratio });
  const settings = config.rollout;
  if (rollout.phase === 'general') return no('general is the last phase');
  if (rollout.frozen) return no(`frozen (${rollout.frozenReason}): needs an ops resume`);
  if (rollout.phase === 'shadow' && !settings.promotion.automatic) {
    return no(
      'shadow → canary needs an ops advance (shadow logs cannot support an estimate of a different policy)',
    );
  }
  const dwellMs = settings.dwellMs[rollout.phase];
  const waitedMs = nowMs - rollout.phaseStartedAtMs;
  if (waitedMs < dwellMs)
    return no(
      `dwell: ${Math.round(waitedMs / 1000)} s of ${Math.round(dwellMs / 1000)} s in ${rollout.phase}`,
    );
  if (rollout.phase !== 'shadow') {
    const { treated, control } = settings.minSamples;
    const n = { treated: cohortSize(view.treated), control: cohortSize(view.control) };
    if (n.treated < treated)
      return no(`too few treated outcomes in the SLO window (${n.treated} of ${treated})`);
    if (n.control < control)
      return no(`too few control outcomes in the SLO window (${n.control} of ${control})`);
    if (judgment?.verdict === 'breach') return no(`breach open: ${judgment.reason}`);
  }
  if (!evaluation || evaluation.createdAtMs < rollout.phaseStartedAtMs) {
    return no('no offline evaluation of this phase yet (hourly cron, or POST …/evaluations)');
  }
  if (evaluation.gateLowerBound === null)
    return no('the latest evaluation cannot support an estimate of the phase-start policy');
  if (evaluation.gateLowerBound < -settings.promotion.margin) {
    return no(
      `evaluation: lower bound of (policy − baseline) ${evaluation.gateLowerBound.toFixed(4)} < −${settings.promotion.margin}`,
    );
  }
  if (ratio !== null && ratio > settings.promotion.costRatioMax) {
    return no(
      `cost: tokens per quality point ${ratio.toFixed(3)} × the baseline's > ${settings.promotion.costRatioMax}`,
    );
  }
  return {
    promote: true,
    reason: `evaluation lower bound ${evaluation.gateLowerBound.toFixed(4)} ≥ −${settings.promotion.margin}; cost ${ratio === null ? 'not measured (no token data)' : `${ratio.toFixed(3)}×`}`,
    costRatio: ratio,
  };
}

/** Outcomes a cohort has in the window, whichever fields they reported. */
function cohortSize(stats: CohortStats): number {
  return Math.max(stats.latency.count, stats.quality.n, stats.calls);
}
