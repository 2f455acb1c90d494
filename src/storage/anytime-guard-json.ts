import { z } from 'zod';
import type { AnytimeGuardState } from '../rollout/anytime-guard';
import type { MeanCsState } from '../stats/betting-cs';
import type { LatencyHistogram } from '../stats/latency-histogram';
import { lenientKey } from './lenient-key';
import type { MetaKey } from './meta-keys';

export const MeanCsJson: z.ZodType<MeanCsState> = z.object({
  n: z.number(),
  designAlpha: z.number(),
  maxBet: z.number(),
  horizon: z.number(),
  sumLambda: z.number(),
  sumLambdaX: z.number(),
  sumPsi: z.number(),
  sumPsiX: z.number(),
  sumPsiX2: z.number(),
  scaledSum: z.number(),
  scaledSquares: z.number(),
  sum: z.number(),
});

const HistogramJson: z.ZodType<LatencyHistogram> = z.object({
  accuracy: z.number(),
  n: z.number(),
  zeros: z.number(),
  offset: z.number(),
  counts: z.array(z.number()),
});

const CohortJson = z.object({ quality: MeanCsJson, errors: MeanCsJson, latency: HistogramJson });

const AnytimeGuardJson: z.ZodType<AnytimeGuardState> = z.object({
  sinceMs: z.number(),
  treated: CohortJson,
  control: CohortJson,
});

/**
 * The anytime guard's statistics. An unreadable value (e.g. a layout of another release) is
 * dropped and the guard starts afresh: fewer data only widen its confidence sequences, so a
 * fresh start can delay a rollback but never make one false.
 */
export const anytimeGuardKey: MetaKey<AnytimeGuardState> = lenientKey('anytimeGuard', AnytimeGuardJson);
