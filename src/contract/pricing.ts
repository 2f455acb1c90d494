import { z } from 'zod';

/**
 * The cost parts of a task type config (API.md second release, "Cost"). Kept apart from
 * task-type.ts so the schema owner can merge them in: `pricing` at the top level,
 * `reward.weights.cost`, `reward.costRefUsd` and `reward.defaults` inside `reward`.
 */

/** USD per million tokens, as providers list them. */
export const ModelPrice = z.strictObject({
  inputUsdPerMTok: z.number().min(0).max(1_000_000),
  outputUsdPerMTok: z.number().min(0).max(1_000_000),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

/** `{ "<model>": { inputUsdPerMTok, outputUsdPerMTok } }`, keyed by an arm's `params.model`. */
export const Pricing = z
  .record(z.string().min(1).max(200), ModelPrice)
  .refine((p) => Object.keys(p).length <= 64, { message: 'at most 64 priced models' });
export type Pricing = z.infer<typeof Pricing>;

/** `reward.weights.cost`: reward loses weights.cost · costUsd / costRefUsd. */
export const CostWeight = z.number().min(0).default(0);

/** `reward.costRefUsd`: the cost that weighs as much as one quality point at weights.cost = 1. */
export const CostRefUsd = z.number().positive().max(1_000_000).default(0.01);

/**
 * `reward.defaults`: what a part not reported by `rewardWaitMs` is taken to be. A part with no
 * value and no default leaves the reward null. `defaultQuality` stays an alias of `quality`.
 */
export const RewardDefaults = z.strictObject({
  quality: z.number().min(0).max(1).optional(),
  latencyMs: z.number().min(0).max(86_400_000).optional(),
  promptTokens: z.number().int().min(0).max(100_000_000).optional(),
  completionTokens: z.number().int().min(0).max(100_000_000).optional(),
});
export type RewardDefaults = z.infer<typeof RewardDefaults>;

/** An outcome's own `costUsd` (finite, ≥ 0), for the outcome schema. */
export const OutcomeCostUsd = z.number().min(0).max(1_000_000).optional();
