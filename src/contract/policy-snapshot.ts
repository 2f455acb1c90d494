import { z } from 'zod';
import { PolicyKind, TaskTypeConfig } from './task-type';

/** Mergeable reward statistics: count (effective, may be fractional), mean, and M2. */
const RewardStatistics = z.object({ n: z.number().min(0), mean: z.number(), m2: z.number() });

/** One arm of the linear model: A (d×d, row-major), b (d), the effective count, and the cached A⁻¹. */
const LinearArm = z.object({
  a: z.array(z.number()),
  b: z.array(z.number()),
  n: z.number().min(0),
  aInverse: z.array(z.number()),
  sinceRebuild: z.number().int().min(0),
});

/** A linear group member's prior on one arm: the pooled data part (Σxxᵀ row-major, Σr·x, n) its draws add. */
const LinearDataPart = z.object({ xx: z.array(z.number()), xr: z.array(z.number()), n: z.number().min(0) });

/** The linear policies' statistics, arms in config order; each arm's sizes must agree with `dimension`. */
const LinearStatistics = z
  .object({ dimension: z.number().int().min(1), lambda: z.number().positive(), arms: z.array(LinearArm) })
  .superRefine((linear, ctx) => {
    const d = linear.dimension;
    linear.arms.forEach((arm, i) => {
      for (const [key, size] of [
        ['a', d * d],
        ['b', d],
        ['aInverse', d * d],
      ] as const) {
        if (arm[key].length !== size)
          ctx.addIssue({ code: 'custom', path: ['arms', i, key], message: `must hold ${size} numbers` });
      }
    });
  });

/**
 * A task type's learned policy, frozen (`GET …/policy-snapshot`, read by `ope --policy
 * snapshot:FILE`): everything the service's policy decides from, so an offline evaluation of it
 * is the hourly cron's evaluation of the current policy. `config` is the whole stored config
 * (features encode the context; the rollout's `minConfidence` gates), `configHash` its
 * fingerprint, checked on load so a hand-edited file is refused rather than silently evaluated.
 */
export const PolicySnapshot = z
  .object({
    format: z.literal('tuneloop-policy-snapshot/1'),
    taskType: z.string().min(1),
    /** ISO-8601 UTC */
    takenAt: z.iso.datetime({ offset: true }),
    kind: PolicyKind,
    /** `<configVersion>.<revision>`, as decisions log it */
    policyVersion: z.string(),
    configVersion: z.number().int().min(0),
    revision: z.number().int().min(0),
    /** 16 hex digits: the canonical JSON of `config`, hashed */
    configHash: z.string().regex(/^[0-9a-f]{16}$/),
    /** how the policy explores: the ε floor, the posterior draws per decision (0: none), the confidence gate */
    exploration: z.object({
      epsilon: z.number().min(0).max(1),
      draws: z.number().int().min(0),
      minConfidence: z.number().min(0).max(1),
    }),
    /** per arm in config order: its params and posterior reward statistics (plus a group's prior, if pooled: `groupPrior` context-free, `linearGroupPrior` linear) */
    arms: z
      .array(
        z.object({
          id: z.string().min(1),
          params: z.record(z.string(), z.unknown()),
          pulls: z.number().int().min(0),
          reward: RewardStatistics,
          groupPrior: RewardStatistics.optional(),
          linearGroupPrior: LinearDataPart.optional(),
        }),
      )
      .min(1),
    /** the linear model of a contextual kind; null for a kind that learns from the rewards alone */
    linear: LinearStatistics.nullable(),
    config: TaskTypeConfig,
  })
  .meta({ id: 'PolicySnapshot' });
export type PolicySnapshot = z.infer<typeof PolicySnapshot>;
