import type { GaussianStats } from '../bandit/gaussian-stats';
import { DEFAULT_NIG_PRIOR, type NigPrior } from '../bandit/nig-posterior';
import type { ThompsonDraws } from '../bandit/thompson-draws';
import type { Rng } from '../common/seeded-rng';
import type { PolicyConfig, PolicyConfigOf, PolicyKind, TaskTypeConfig } from '../contract/task-type';
import type { LinearState } from './linear-state';
import { linearThompsonFromConfig } from './linear-thompson';
import { linUcbFromConfig } from './linucb';
import { decisionFromDraws, type Policy, type PolicyDecision } from './policy';
import { thompsonGaussianFromConfig } from './thompson-gaussian';

/**
 * A kind as the registry knows it: whether it reads the request's context, where its state
 * lives in what the optimizer keeps (`PolicyStatistics`), and how it is built from its settings.
 */
export type PolicyKindEntry<Config> =
  | { contextual: false; state: 'arm-rewards'; create(config: Config): Policy<GaussianStats[]> }
  | { contextual: true; state: 'linear-model'; create(config: Config): Policy<LinearState> };

/** Every kind, one line each: a new kind is its module, its line here and its schema in the contract. */
const REGISTRY: { [K in PolicyKind]: PolicyKindEntry<PolicyConfigOf<K>> } = {
  'thompson-gaussian': { contextual: false, state: 'arm-rewards', create: thompsonGaussianFromConfig },
  linucb: { contextual: true, state: 'linear-model', create: linUcbFromConfig },
  'linear-thompson': { contextual: true, state: 'linear-model', create: linearThompsonFromConfig },
};

/** What the optimizer keeps for every task type, whatever its kind; each kind reads its part. */
export interface PolicyStatistics {
  /** each arm's reward statistics (n, mean, M2), in config order: kept for every kind */
  rewards: readonly GaussianStats[];
  /** the linear model's statistics; null for a kind that learns from the rewards alone */
  linear: LinearState | null;
  /** per arm, subtracted from every posterior draw of its mean (`costModel: 'priced'`); absent: 0 */
  offsets?: readonly number[];
}

/** A task type's policy as the optimizer serves it: the kind's `Policy` over `PolicyStatistics`. */
export interface ServingPolicy {
  readonly kind: PolicyKind;
  /** false: one distribution for every request, and the context is not encoded */
  readonly contextual: boolean;
  /** the decision's draws depend on the revision only: computed once per revision and cached */
  readonly cachesDraws: boolean;
  /** `policyInfo` of a recommend reply */
  readonly logFields: { kind: PolicyKind; draws: number; epsilon: number };
  /** the linear model a new config starts from; null for a kind that keeps none */
  initLinear(armCount: number, dimension: number): LinearState | null;
  decide(stats: PolicyStatistics, x: Float64Array, eligible: boolean[], rng: Rng): PolicyDecision;
  /** the draws of a kind that caches them (`cachesDraws`); throws for any other kind */
  posteriorDraws(stats: PolicyStatistics, eligible: boolean[], rng: Rng): ThompsonDraws;
  /** learns one reward into the linear model; a kind that keeps none returns it unchanged */
  update(linear: LinearState, armIndex: number, x: Float64Array, reward: number): LinearState;
}

function entryOf(config: PolicyConfig): PolicyKindEntry<PolicyConfig> {
  // The mapped type pairs each kind with its own config; TypeScript cannot follow that through an index.
  return REGISTRY[config.kind] as PolicyKindEntry<PolicyConfig>;
}

/** The kind's policy, through the one interface (for code that holds the kind's state itself). */
export function createPolicy(config: PolicyConfig): Policy<GaussianStats[]> | Policy<LinearState> {
  return entryOf(config).create(config);
}

/** Whether the configured kind reads the request's context (features, their dimension limit). */
export function isContextual(config: PolicyConfig): boolean {
  return entryOf(config).contextual;
}

/**
 * Whether the Durable Object serves this task type from posterior draws computed once per
 * revision (a context-free Thompson kind) rather than drawing per request.
 */
export function cachesPosteriorDraws(config: TaskTypeConfig): boolean {
  const entry = entryOf(config.policy);
  return !entry.contextual && entry.create(config.policy).posteriorDraws !== undefined;
}

/** The Normal-Inverse-Gamma prior of the arms' reward statistics (status intervals, Thompson Gaussian). */
export function rewardPriorOf(config: PolicyConfig): NigPrior {
  return ('prior' in config ? config.prior : undefined) ?? DEFAULT_NIG_PRIOR;
}

/**
 * Whether the kind prices arms at decision time (`costModel: 'priced'`): its posterior is over
 * the reward before the cost term, and each arm's expected cost term is subtracted per draw.
 */
export function pricesAtDecision(config: PolicyConfig): boolean {
  return 'costModel' in config && config.costModel === 'priced';
}

/**
 * Pseudo-outcomes that shrink the arms' contrasts towards 0 at the task type's own level
 * (src/sharing/contrast-prior.ts): the configured `contrastPriorWeight`, else 40 for a policy that
 * prices arms (it compares a learned quality contrast with a known price gap, where one early
 * unlucky run would otherwise lock the cheaper or the better arm out) and 0 for the rest.
 */
export function contrastPriorWeightOf(config: PolicyConfig): number {
  const configured = 'contrastPriorWeight' in config ? config.contrastPriorWeight : undefined;
  return configured ?? (pricesAtDecision(config) ? DEFAULT_PRICED_CONTRAST_PRIOR_WEIGHT : 0);
}
const DEFAULT_PRICED_CONTRAST_PRIOR_WEIGHT = 40;

export function servingPolicy(config: PolicyConfig): ServingPolicy {
  const entry = entryOf(config);
  const common = { kind: config.kind, contextual: entry.contextual };
  const logFields = (policy: { drawsPerDecision: number }) => ({
    kind: config.kind,
    draws: policy.drawsPerDecision,
    epsilon: config.epsilon,
  });
  if (entry.state === 'arm-rewards') {
    const policy = entry.create(config);
    const { posteriorDraws } = policy;
    return {
      ...common,
      cachesDraws: posteriorDraws !== undefined,
      logFields: logFields(policy),
      initLinear: () => null,
      decide: (stats, x, eligible, rng) =>
        stats.offsets && posteriorDraws
          ? decisionFromDraws(posteriorDraws(stats.rewards.slice(), eligible, rng, stats.offsets))
          : policy.decide(stats.rewards.slice(), x, eligible, rng),
      posteriorDraws(stats, eligible, rng) {
        if (!posteriorDraws) throw new Error(`${config.kind} draws per request`);
        return posteriorDraws(stats.rewards.slice(), eligible, rng, stats.offsets);
      },
      update: (linear) => linear,
    };
  }
  const policy = entry.create(config);
  const linearOf = (stats: PolicyStatistics) => {
    if (!stats.linear) throw new Error(`${config.kind} needs its linear state`);
    return stats.linear;
  };
  return {
    ...common,
    cachesDraws: false,
    logFields: logFields(policy),
    initLinear: (armCount, dimension) => policy.init(armCount, dimension),
    decide: (stats, x, eligible, rng) => policy.decide(linearOf(stats), x, eligible, rng),
    posteriorDraws() {
      throw new Error(`${config.kind} draws per request`);
    },
    update: (linear, armIndex, x, reward) => policy.update(linear, armIndex, x, reward),
  };
}
