import { z } from 'zod';
import { SketchJson } from '../common/sketch-json';
import type { ArmStats } from '../optimizer/arm-stats';

/** A Gaussian's sufficient statistics (bandit/gaussian-stats). */
const GaussianStatsJson = z.object({ n: z.number(), mean: z.number(), m2: z.number() });

/**
 * The figures an arm's stored statistics may lack: the latency sketch until a latency arrives,
 * the rest in statistics stored before they existed.
 */
const MaybeAbsent = z
  .object({
    latency: SketchJson,
    costUsdSum: z.number(),
    costCount: z.number(),
    completionTokensSum: z.number(),
    completionTokensCount: z.number(),
    promptTokensSum: z.number(),
    promptTokensCount: z.number(),
    rewardBeforeCost: GaussianStatsJson,
  })
  .partial();

/** An arm's statistics as stored (the `arms` table, and inside a phase snapshot). */
export const ArmStatsJson: z.ZodType<ArmStats> = z.object({
  pulls: z.number(),
  reward: GaussianStatsJson,
  qualitySum: z.number(),
  qualityCount: z.number(),
  latencyMsSum: z.number(),
  latencyCount: z.number(),
  tokensSum: z.number(),
  tokensCount: z.number(),
  failures: z.number(),
  successCount: z.number(),
  ...MaybeAbsent.shape,
});
