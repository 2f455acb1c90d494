import { z } from 'zod';
import { SketchJson } from '../common/sketch-json';
import type { ArmStats } from '../optimizer/arm-stats';

/** An arm's statistics as stored (the `arms` table, and inside a phase snapshot). */
export const ArmStatsJson: z.ZodType<ArmStats> = z.object({
  pulls: z.number(),
  reward: z.object({ n: z.number(), mean: z.number(), m2: z.number() }),
  qualitySum: z.number(),
  qualityCount: z.number(),
  latencyMsSum: z.number(),
  latencyCount: z.number(),
  tokensSum: z.number(),
  tokensCount: z.number(),
  failures: z.number(),
  successCount: z.number(),
  latency: SketchJson.optional(),
  costUsdSum: z.number().optional(),
  costCount: z.number().optional(),
  completionTokensSum: z.number().optional(),
  completionTokensCount: z.number().optional(),
  promptTokensSum: z.number().optional(),
  promptTokensCount: z.number().optional(),
  rewardBeforeCost: z.object({ n: z.number(), mean: z.number(), m2: z.number() }).optional(),
});
