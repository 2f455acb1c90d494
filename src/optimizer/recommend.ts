import { contextFingerprint, unitInterval } from '../bandit/fingerprint';
import type { ThompsonDraws } from '../bandit/thompson-draws';
import type { Rng } from '../common/seeded-rng';
import { seededRng } from '../common/seeded-rng';
import type { Phase } from '../contract/decision-log';
import type { RecommendRequest, RecommendResponse } from '../contract/recommend';
import type { BudgetState } from '../guards/token-budget';
import { servingPolicy } from '../policies';
import type { PolicyDecision } from '../policies/policy';
import { gateChoice, gatedDistribution } from '../rollout/confidence-gate';
import { chooseWithFloor } from './choose-arm';
import { policyStatistics } from './policy-decision';
import { byArmId, type PolicyState, policyVersion } from './policy-state';

/**
 * The M seeded posterior draws behind every exact propensity, for a kind that caches them
 * (`cachesPosteriorDraws`). They depend only on the policy state, so the Durable Object
 * computes them once per posterior revision and every request until the next update picks
 * one of them.
 */
export function thompsonDrawsFor(state: PolicyState): ThompsonDraws {
  const rng = seededRng(`draws|${state.taskType}|${policyVersion(state)}`);
  const eligible = state.config.arms.map(() => true);
  return servingPolicy(state.config.policy).posteriorDraws(policyStatistics(state), eligible, rng);
}

export interface RecommendInputs {
  decisionId: string;
  /** fresh randomness, used only when the request has neither unit nor request id */
  entropy: string;
  /**
   * τ, the share of units served the policy's choice: the phase's share, or 0 when only the
   * baseline may be served (budget exhausted, drift freeze, kill switch). At τ = 0 the
   * baseline logs propensity 1 and the policy's choice is logged as a shadow.
   */
  share: number;
  /** serve the policy's choice only when its probability of being best ≥ this; 0 = off */
  minConfidence?: number;
  budgetState?: BudgetState;
  /** the rollout phase the decision is served in (logged with it) */
  phase: Phase;
}

/**
 * Chooses the arm for one request: the policy's choice (ε floor included) for the share τ
 * of units, the baseline for the rest, and the behaviour probability that offline
 * evaluation needs: b(a) = (1−τ)·1[a = baseline] + τ·P(the policy cohort is served a).
 * Without a confidence gate P(policy cohort served a) = π(a); with it, choices below
 * `minConfidence` fall back to the baseline and their mass moves to it.
 */
export function recommend(
  state: PolicyState,
  decide: (rng: Rng) => PolicyDecision,
  request: RecommendRequest,
  inputs: RecommendInputs,
): { response: RecommendResponse; confidence: number } {
  const { config } = state;
  // The choice is keyed by the unit, else the request, else fresh entropy; `seed` is the LLM's
  // sampling seed and never drives it (agents often send one fixed seed on every call).
  const key = request.unitId ?? request.requestId ?? inputs.entropy;
  const rng = seededRng(`${key}|${contextFingerprint(request.context)}|${policyVersion(state)}`);
  const eligible = config.arms.map(() => true);
  const decision = decide(rng);
  const choice = chooseWithFloor(rng, decision, config.policy.epsilon, eligible);
  const chosen = config.arms[choice.armIndex]!;
  const baselineIndex = config.arms.findIndex((a) => a.id === config.baselineArmId);
  const policyProbabilities = choice.probabilities;
  const probabilityBest = byArmId(config, decision.probabilityBest);
  const minConfidence = inputs.minConfidence ?? 0;
  // What the policy cohort is served: the policy's draw unless the confidence gate hands it to the baseline.
  const policyCohort = gatedDistribution(
    byArmId(config, policyProbabilities),
    probabilityBest,
    config.baselineArmId,
    minConfidence,
  );
  const gate = gateChoice(chosen.id, probabilityBest, config.baselineArmId, minConfidence);

  const share = inputs.share;
  const unit = request.unitId ?? request.requestId;
  // Salted by task type so one user is not in every task type's canary at once.
  const unitDraw = unit === undefined ? rng() : unitInterval(`${state.taskType}|${unit}`);
  const servedPolicy = unitDraw < share;
  const armIndex = servedPolicy && !gate.gated ? choice.armIndex : baselineIndex;
  const arm = config.arms[armIndex]!;
  const propensity = (1 - share) * (armIndex === baselineIndex ? 1 : 0) + share * policyCohort[arm.id]!;

  const params = { ...arm.params };
  if (params.seed === undefined && request.seed !== undefined) params.seed = request.seed;
  const response: RecommendResponse = {
    decisionId: inputs.decisionId,
    taskType: state.taskType,
    armId: arm.id,
    params,
    propensity: clampProbability(propensity),
    // π actually used: the gated distribution when the confidence gate is on (issue 10, item 8)
    policyPropensity: policyCohort[arm.id]!,
    share,
    served: servedPolicy ? 'policy' : 'baseline',
    phase: inputs.phase,
    policyVersion: policyVersion(state),
    policyInfo: servingPolicy(config.policy).logFields,
    // The baseline cohort (and a choice the confidence gate held back) logs what the policy chose.
    ...(servedPolicy && armIndex === choice.armIndex
      ? {}
      : { shadow: { armId: chosen.id, policyPropensity: policyProbabilities[choice.armIndex]! } }),
    budget: { state: inputs.budgetState ?? 'ok' },
  };
  // How sure the policy is of its own choice: P(best) of the arm it picked (wins/M for Thompson).
  return { response, confidence: decision.probabilityBest[choice.armIndex] ?? 0 };
}

// (1−τ) + τ·π can exceed 1 by an ulp; a propensity is a probability.
const clampProbability = (p: number) => Math.min(1, p);
