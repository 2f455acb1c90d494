/**
 * Automatic promotion (DESIGN.md §5): on the sweep, a phase moves on when its dwell time and
 * sample minimums are met, no breach is open, the evaluation of the policy snapshot frozen at
 * the phase's start has a lower bound of (policy − baseline) ≥ −margin, and tokens-per-quality-
 * point ≤ baseline × costRatioMax. The answer names the first unmet condition. The Durable
 * Object feeds it the anytime-valid bound (anytime-promotion.ts, optimizer/promotion-evidence.ts).
 */
import type { Verdict } from './anytime-guard';
import type { RolloutSettings } from './config';
import type { RolloutState } from './phase-machine';

export interface PromotionInput {
  state: RolloutState;
  /** Unix ms */
  nowMs: number;
  settings: Pick<RolloutSettings, 'dwellMs' | 'minSamples' | 'promotion'>;
  /** outcomes in the SLO window per cohort */
  samples: { treated: number; control: number };
  /** the guard's latest verdict; null when it has not run in this phase */
  guard: Verdict | null;
  /**
   * the evaluation: which policy version, when, and the lower bound of (policy − baseline)
   * reward — null when the data do not prove one (yet)
   */
  evaluation: { policyVersion: string; evaluatedAtMs: number; lowerBound: number | null } | null;
  /** Σtokens / Σquality of the policy's choices and of the baseline; null when unknown */
  tokensPerQualityPoint: { policy: number | null; baseline: number | null };
}

export type PromotionBlocker =
  | 'last_phase'
  | 'frozen'
  | 'manual_only'
  | 'dwell'
  | 'samples'
  | 'guard'
  | 'no_evaluation'
  | 'stale_evaluation'
  | 'evaluation'
  | 'cost';

export type PromotionDecision =
  | { promote: true; reason: string }
  | {
      promote: false;
      blocker: PromotionBlocker;
      reason: string /** ms until the dwell is met */;
      waitMs?: number;
    };

/** Whether the sweep should promote now, and why (not). */
export function promotionDecision(input: PromotionInput): PromotionDecision {
  const { state, nowMs, settings, samples } = input;
  const no = (blocker: PromotionBlocker, reason: string, waitMs?: number): PromotionDecision =>
    waitMs === undefined ? { promote: false, blocker, reason } : { promote: false, blocker, reason, waitMs };
  if (state.phase === 'general') return no('last_phase', 'general is the last phase');
  if (state.frozen) return no('frozen', `frozen (${state.frozenReason}): needs an ops resume`);
  if (state.phase === 'shadow' && !settings.promotion.automatic)
    return no('manual_only', 'shadow → canary needs an ops advance (promotion.automatic is off)');

  const dwellMs = settings.dwellMs[state.phase];
  const inPhaseMs = nowMs - state.phaseStartedAtMs;
  if (inPhaseMs < dwellMs) return no('dwell', `dwell ${inPhaseMs} of ${dwellMs} ms`, dwellMs - inPhaseMs);

  // Shadow serves nobody the policy's choice: its logs support no estimate of the policy
  // (b(a) = 0 off the baseline) and it has no treated cohort, so only the control count applies.
  if (state.phase === 'shadow') {
    if (samples.control < settings.minSamples.control)
      return no('samples', `control ${samples.control} < ${settings.minSamples.control}`);
    return { promote: true, reason: 'automatic shadow → canary: dwell and samples met' };
  }

  if (samples.treated < settings.minSamples.treated || samples.control < settings.minSamples.control)
    return no(
      'samples',
      `treated ${samples.treated}/${settings.minSamples.treated}, control ${samples.control}/${settings.minSamples.control}`,
    );
  if (input.guard !== 'ok') return no('guard', `the SLO guard is ${input.guard ?? 'not run yet'}`);

  const evaluation = input.evaluation;
  if (evaluation === null) return no('no_evaluation', 'no offline evaluation yet');
  if (
    evaluation.policyVersion !== state.phasePolicyVersion ||
    evaluation.evaluatedAtMs < state.phaseStartedAtMs
  )
    return no(
      'stale_evaluation',
      `the latest evaluation is of ${evaluation.policyVersion}, not of the phase's snapshot ${state.phasePolicyVersion}`,
    );
  if (evaluation.lowerBound === null)
    return no('evaluation', 'the evaluation proves no lower bound of (phase-start policy − baseline) yet');
  const margin = settings.promotion.margin;
  if (evaluation.lowerBound < -margin)
    return no('evaluation', `lower bound of (policy − baseline) ${evaluation.lowerBound} < −${margin}`);

  const { policy, baseline } = input.tokensPerQualityPoint;
  const ratioMax = settings.promotion.costRatioMax;
  if (policy === null || baseline === null) return no('cost', 'tokens per quality point not known yet');
  if (policy > baseline * ratioMax)
    return no('cost', `tokens per quality point ${policy} > baseline ${baseline} × ${ratioMax}`);

  return {
    promote: true,
    reason: `dwell, samples, guard ok, lower bound ${evaluation.lowerBound} ≥ −${margin}, cost ${policy} ≤ ${baseline} × ${ratioMax}`,
  };
}
