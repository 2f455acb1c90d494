import { EMPTY_STATS, type GaussianStats } from '../bandit/gaussian-stats';
import type { ThompsonDraws } from '../bandit/thompson-draws';
import type { Rng } from '../common/seeded-rng';
import type { Context } from '../contract/decision-log';
import { priceOfArm } from '../cost/arm-price';
import { expectedCostTerms } from '../cost/expected-cost';
import { encodeContext } from '../features/encode';
import { decisionFromDraws, type PolicyStatistics, servingPolicy } from '../policies';
import type { PolicyDecision } from '../policies/policy';
import { contrastPriorWeightOf, pricesAtDecision } from '../policies/registry';
import { statsWithPrior } from '../sharing/group-prior';
import { ownShrinkPriors } from '../sharing/group-sync';
import { servedLinear } from './linear-served';
import { armStats, type PolicyState } from './policy-state';

export interface RequestPolicy {
  /** the policy's distribution for this request, and a sampler exact to it */
  decide: (rng: Rng) => PolicyDecision;
  /** the encoded context the linear policies learn from at outcome time; null for context-free kinds */
  x: Float64Array | null;
  /** context keys the config does not declare (ignored, and counted by the caller) */
  unknownKeys: string[];
}

const NO_CONTEXT = new Float64Array(0);

/**
 * How the task type's configured policy decides for one request's context. `draws` are the
 * revision's cached posterior draws of a kind that caches them (`cachesPosteriorDraws`):
 * the request is then served from them.
 */
export function requestPolicy(
  state: PolicyState,
  draws: ThompsonDraws | null,
  context: Context,
): RequestPolicy {
  const { features } = state.config;
  const policy = servingPolicy(state.config.policy);
  const eligible = state.config.arms.map(() => true);
  if (!policy.contextual) {
    const declared = new Set(features.map((f) => f.name));
    // A policy that prices arms reads the request's prompt size: priced from draws of its own.
    const prompt = pricesAtDecision(state.config.policy) ? requestPromptTokens(context) : undefined;
    if (prompt !== undefined) declared.add(PROMPT_TOKENS);
    return {
      decide:
        draws && prompt === undefined
          ? () => decisionFromDraws(draws)
          : (rng) => policy.decide(policyStatistics(state, prompt), NO_CONTEXT, eligible, rng),
      x: null,
      unknownKeys: Object.keys(context).filter((k) => !declared.has(k)),
    };
  }
  const { x, unknownKeys } = encodeContext(features, context);
  const statistics = policyStatistics(state);
  return { decide: (rng) => policy.decide(statistics, x, eligible, rng), x, unknownKeys };
}

/** The configured policy; `update` learns a reward into the linear model (unchanged for kinds without one). */
export function contextualPolicyOf(state: PolicyState) {
  return servingPolicy(state.config.policy);
}

const PROMPT_TOKENS = 'promptTokens';

/** `context.promptTokens` when it is a count (a finite number ≥ 0); else undefined. */
function requestPromptTokens(context: Context): number | undefined {
  const value = Object.hasOwn(context, PROMPT_TOKENS) ? context[PROMPT_TOKENS] : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * What the policy learns from, as the optimizer keeps it (arms in config order), and for a
 * policy that prices arms the offsets: each arm's expected cost term, at `requestPrompt` tokens
 * of prompt when the request says, else at the task type's mean prompt.
 */
export function policyStatistics(state: PolicyState, requestPrompt?: number): PolicyStatistics {
  const { config } = state;
  const own = Object.fromEntries(config.arms.map((a) => [a.id, learnedRewards(state, a.id)]));
  const priors = priorsOf(state, own);
  const rewards = config.arms.map((a) => {
    const p = priors[a.id];
    return p && p.n > 0 ? statsWithPrior(own[a.id]!, p) : own[a.id]!;
  });
  if (!pricesAtDecision(config.policy)) return { rewards, linear: servedLinear(state) };
  const offsets = expectedCostTerms(
    config.arms.map((a) => priceOfArm(config, a.id)),
    config.arms.map((a) => armStats(state, a.id)),
    config.reward,
    requestPrompt,
  );
  return { rewards, linear: servedLinear(state), offsets };
}

/**
 * What the arms' draws add to their own statistics: a group member's prior from the group
 * (API.md "groups"), else the shrink towards the task type's own level (`contrastPriorWeight`).
 */
function priorsOf(state: PolicyState, own: Record<string, GaussianStats>): Record<string, GaussianStats> {
  const { groupPrior, config } = state;
  if (groupPrior && Object.values(groupPrior).some((p) => p.n > 0)) return groupPrior;
  const weight = contrastPriorWeightOf(config.policy);
  return ownShrinkPriors(config.arms, config.baselineArmId, (id) => own[id]!, weight);
}

/** The statistics the policy learns from: the rewards, or before their cost term when it prices arms. */
export function learnedRewards(state: PolicyState, armId: string): GaussianStats {
  const stats = armStats(state, armId);
  return pricesAtDecision(state.config.policy) ? (stats.rewardBeforeCost ?? EMPTY_STATS) : stats.reward;
}
