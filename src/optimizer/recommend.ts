import { contextFingerprint, unitInterval } from '../bandit/fingerprint';
import { nigPosterior } from '../bandit/nig-posterior';
import type { Rng } from '../bandit/prng';
import { seededRng } from '../bandit/prng';
import { drawWinners, type ThompsonDraws } from '../bandit/thompson-draws';
import type { RecommendRequest, RecommendResponse } from '../contract/recommend';
import type { BudgetState } from '../guards/token-budget';
import type { PolicyDecision } from '../policies/policy';
import { chooseWithFloor } from './choose-arm';
import { armStats, type PolicyState, phaseShare, policyVersion, priorOf } from './policy-state';

/**
 * The M seeded posterior draws behind every exact propensity. They depend only on the
 * policy state, so the Durable Object computes them once per posterior revision and
 * every request until the next update picks one of them.
 */
export function thompsonDrawsFor(state: PolicyState): ThompsonDraws {
  const prior = priorOf(state.config);
  const posteriors = state.config.arms.map((arm) => nigPosterior(armStats(state, arm.id).reward, prior));
  const rng = seededRng(`draws|${state.taskType}|${policyVersion(state)}`);
  return drawWinners(rng, posteriors, state.config.policy.draws);
}

export interface RecommendInputs {
  decisionId: string;
  /** fresh randomness, used only when the request has neither seed nor request id */
  entropy: string;
  /**
   * Only the baseline may be served (budget exhausted, frozen, kill switch): the behaviour
   * run is then τ = 0, so the baseline logs propensity 1 and the policy's choice is a shadow.
   */
  onlyBaseline?: boolean;
  budgetState?: BudgetState;
}

/**
 * Chooses the arm for one request: the policy's choice (ε floor included) for the
 * phase's share τ of units, the baseline for the rest, with the behaviour probability
 * b(a) = (1−τ)·1[a = baseline] + τ·π(a) that offline evaluation needs.
 */
export function recommend(
  state: PolicyState,
  decide: (rng: Rng) => PolicyDecision,
  request: RecommendRequest,
  inputs: RecommendInputs,
): RecommendResponse {
  const { config } = state;
  const seed = request.seed ?? request.requestId ?? inputs.entropy;
  const rng = seededRng(`${seed}|${contextFingerprint(request.context)}|${policyVersion(state)}`);
  const eligible = config.arms.map(() => true);
  const choice = chooseWithFloor(rng, decide(rng), config.policy.epsilon, eligible);
  const chosen = config.arms[choice.armIndex]!;

  const share = inputs.onlyBaseline ? 0 : phaseShare(state.phase, config);
  const unit = request.unitId ?? request.requestId;
  // Salted by task type so one user is not in every task type's canary at once.
  const unitDraw = unit === undefined ? rng() : unitInterval(`${state.taskType}|${unit}`);
  const servedPolicy = unitDraw < share;
  const baselineIndex = config.arms.findIndex((a) => a.id === config.baselineArmId);
  const policyProbabilities = choice.probabilities;

  const arm = servedPolicy ? chosen : config.arms[baselineIndex]!;
  const armIndex = servedPolicy ? choice.armIndex : baselineIndex;
  const policyPropensity = policyProbabilities[armIndex]!;
  const propensity = (1 - share) * (arm.id === config.baselineArmId ? 1 : 0) + share * policyPropensity;

  const params = { ...arm.params };
  if (params.seed === undefined && request.seed !== undefined) params.seed = request.seed;
  return {
    decisionId: inputs.decisionId,
    taskType: state.taskType,
    armId: arm.id,
    params,
    propensity: clampProbability(propensity),
    policyPropensity,
    share,
    served: servedPolicy ? 'policy' : 'baseline',
    phase: state.phase,
    policyVersion: policyVersion(state),
    policyInfo: {
      kind: config.policy.kind,
      // LinUCB is deterministic but for ties: no draws behind its propensities.
      draws: config.policy.kind === 'linucb' ? 0 : config.policy.draws,
      epsilon: config.policy.epsilon,
    },
    ...(servedPolicy
      ? {}
      : { shadow: { armId: chosen.id, policyPropensity: policyProbabilities[choice.armIndex]! } }),
    budget: { state: inputs.budgetState ?? 'ok' },
  };
}

// (1−τ) + τ·π can exceed 1 by an ulp; a propensity is a probability.
const clampProbability = (p: number) => Math.min(1, p);
