import { z } from 'zod';
import { RolloutSettings } from '../rollout/config';
import { Phase } from './decision-log';
import { CostRefUsd, CostWeight, Pricing, RewardDefaults } from './pricing';

/** `^[a-z0-9][a-z0-9._-]{0,63}$` (API.md "Task types"). */
export const TaskTypeName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must match ^[a-z0-9][a-z0-9._-]{0,63}$');

/** The `{taskType}` path parameter. */
export const TaskTypePath = z.object({
  taskType: TaskTypeName.describe('The task type: ^[a-z0-9][a-z0-9._-]{0,63}$'),
});

export const ArmId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ (a letter or digit first: a leading _ is refused)',
  );

/**
 * Generation parameters of one arm. Hard limits (temperature, top-p, penalties, max tokens)
 * are checked by the quality gates (src/guards), which list every violation at once.
 */
export const ArmParams = z.strictObject({
  model: z.string().min(1).max(200),
  temperature: z.number(),
  maxTokens: z.number().int(),
  topP: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  presencePenalty: z.number().optional(),
  stop: z.array(z.string().max(100)).max(16).optional(),
  seed: z.number().int().optional(),
});
export type ArmParams = z.infer<typeof ArmParams>;

export const Arm = z.strictObject({ id: ArmId, params: ArmParams });
export type Arm = z.infer<typeof Arm>;

/** ε of the exploration floor, in [0, 1]: every kind serves through it */
const epsilon = z.number().min(0).max(1).default(0.05);
/** M, the number of seeded posterior draws behind an exact propensity */
const draws = z.number().int().min(10).max(10_000).default(1000);
/** ridge λ of the linear policies */
const lambda = z.number().positive().optional();
/** forgetting: a discount γ ∈ (0, 1] applied per update, for worlds that drift */
const gamma = z.number().gt(0).max(1).optional();

/**
 * One kind's settings: a field of another kind (alpha for Thompson Gaussian) is refused
 * with a 422 naming it, not silently ignored.
 */
function kindSettings<const K extends string, S extends z.ZodRawShape>(kind: K, shape: S) {
  return z.strictObject(
    { kind: z.literal(kind), ...shape },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `${issue.keys.map((key) => `"${key}"`).join(', ')} does not apply to policy kind ${kind}`
          : undefined,
    },
  );
}

/**
 * Context-free Thompson sampling on a Normal-Inverse-Gamma posterior per arm. No `gamma`:
 * its posterior keeps every reward (DESIGN §10), so forgetting is refused, not ignored.
 */
export const ThompsonGaussianConfig = kindSettings('thompson-gaussian', {
  epsilon,
  draws,
  /**
   * 'learned' (default): the posterior is over the whole reward, cost term included.
   * 'priced': the posterior is over the reward before its cost term, and each arm's expected
   * cost term (its price × expected tokens) is subtracted from every draw (docs/decisions.md).
   */
  costModel: z.enum(['learned', 'priced']).optional(),
  /**
   * Pseudo-outcomes, split over the arms, at the task type's own common level: how much of its
   * own evidence it takes before arms are believed to differ. Default 40 with 'priced', else 0.
   */
  contrastPriorWeight: z.number().min(0).max(10_000).optional(),
  prior: z
    .strictObject({
      mu0: z.number(),
      kappa0: z.number().positive(),
      alpha0: z.number().positive(),
      beta0: z.number().positive(),
    })
    .optional(),
});

/** Disjoint LinUCB over the encoded context. */
export const LinUcbConfig = kindSettings('linucb', {
  epsilon,
  /** exploration width α ≥ 0 */
  alpha: z.number().min(0).optional(),
  lambda,
  gamma,
});

/** Linear Thompson sampling, θ ~ N(θ̂, v²A⁻¹), with M draws behind each propensity. */
export const LinearThompsonConfig = kindSettings('linear-thompson', {
  epsilon,
  draws,
  lambda,
  /** posterior scale v > 0 */
  v: z.number().positive().optional(),
  gamma,
});

/** Every policy kind's settings, told apart by `kind`; a new kind adds its schema here. */
const POLICY_CONFIGS = [ThompsonGaussianConfig, LinUcbConfig, LinearThompsonConfig] as const;

export const PolicyConfig = z.discriminatedUnion('kind', POLICY_CONFIGS);
export type PolicyConfig = z.infer<typeof PolicyConfig>;
/** One kind's settings, e.g. PolicyConfigOf<'linucb'>. */
export type PolicyConfigOf<K extends PolicyKind> = Extract<PolicyConfig, { kind: K }>;

export type PolicyKind = PolicyConfig['kind'];
export const PolicyKind = z.enum(
  POLICY_CONFIGS.map((c) => c.shape.kind.value) as [PolicyKind, ...PolicyKind[]],
);

export const FeatureKind = z.enum(['numeric', 'log', 'bool', 'category', 'tags']);
export const Feature = z.strictObject({ name: z.string().min(1).max(64), kind: FeatureKind });

export const RewardSettings = z.strictObject({
  weights: z
    .strictObject({
      quality: z.number().min(0).default(1),
      latency: z.number().min(0).default(0),
      tokens: z.number().min(0).default(0),
      /** reward loses cost · costUsd / costRefUsd (API.md "Cost") */
      cost: CostWeight,
    })
    .default({ quality: 1, latency: 0, tokens: 0, cost: 0 }),
  costRefUsd: CostRefUsd,
  /** what a part not reported by `rewardWaitMs` is taken to be; `defaultQuality` aliases `quality` */
  defaults: RewardDefaults.optional(),
  latencyRefMs: z.number().positive().default(1000),
  tokensRef: z.number().positive().default(1000),
  failureReward: z.number().default(0),
  qualityFloor: z.number().min(0).max(1).nullable().default(null),
  floorPenalty: z.number().min(0).default(0.5),
  /** how long to wait for a judge's quality before scoring with `defaultQuality` (ms) */
  rewardWaitMs: z.number().int().min(0).default(3_600_000),
  /** quality assumed at `rewardWaitMs`; null leaves such a decision without a reward */
  defaultQuality: z.number().min(0).max(1).nullable().default(null),
});
export type RewardSettings = z.infer<typeof RewardSettings>;

export const TrustRegion = z.strictObject({
  maxTemperatureDelta: z.number().min(0).default(0.2),
  maxTokensDelta: z.number().int().min(0).default(200),
});

export const SloConfig = z.strictObject({
  latencyP99Ms: z.number().positive().optional(),
  qualityMin: z.number().min(0).max(1).optional(),
  errorRateMax: z.number().min(0).max(1).optional(),
});

export const BudgetConfig = z.strictObject({
  dailyTokens: z.number().int().positive().optional(),
  reservationTtlMs: z.number().int().positive().default(900_000),
});

/**
 * Rollout settings (src/rollout/config.ts: SLO window, minimum samples, dwell times, breach
 * and promotion rules) plus the phase a new task type starts in.
 */
export const RolloutConfig = RolloutSettings.extend({
  /** honoured when the PUT creates the task type; phases then move through the rollout endpoint */
  phase: Phase.optional(),
});

/** Arms generated around the baseline (src/guards/arm-grid.ts): offsets, each combination kept when inside the trust region. */
export const ArmGrid = z.strictObject({
  /** e.g. [-0.2, -0.1, 0.1, 0.2] */
  temperatureOffsets: z.array(z.number().min(-2).max(2)).max(8).default([]),
  /** e.g. [-200, 200] */
  maxTokensOffsets: z.array(z.number().int()).max(8).default([]),
});

/** Task types of one group share what their arms learn (API.md "Warm start and groups"). */
export const GroupConfig = z.strictObject({
  name: TaskTypeName,
  /**
   * The pool counts as at most this many pseudo-outcomes (split over an arm and the baseline);
   * within it, as many as the spread between members allows (random effects).
   */
  priorWeight: z.number().min(0).max(10_000).default(200),
});
export type GroupConfig = z.infer<typeof GroupConfig>;

export const TaskTypeConfig = z
  .strictObject({
    baselineArmId: ArmId,
    arms: z.array(Arm).min(1).max(64),
    armGrid: ArmGrid.optional(),
    policy: PolicyConfig,
    features: z.array(Feature).max(64).default([]),
    /** USD per million tokens per model (API.md "Cost") */
    pricing: Pricing.optional(),
    group: GroupConfig.optional(),
    reward: RewardSettings.default(RewardSettings.parse({})),
    trustRegion: TrustRegion.default({ maxTemperatureDelta: 0.2, maxTokensDelta: 200 }),
    slo: SloConfig.default({}),
    budget: BudgetConfig.default({ reservationTtlMs: 900_000 }),
    rollout: RolloutConfig.default(RolloutConfig.parse({})),
    /** how long a decision waits for its outcome (ms); a later outcome is answered 410 */
    decisionTtlMs: z
      .number()
      .int()
      .min(1000)
      .max(30 * 86_400_000)
      .default(7 * 86_400_000),
  })
  .meta({ id: 'TaskTypeConfig' });
/** The config as sent (defaults not yet applied). */
export type TaskTypeConfigInput = z.input<typeof TaskTypeConfig>;
/** The config with every default applied: what the Durable Object stores. */
export type TaskTypeConfig = z.infer<typeof TaskTypeConfig>;
