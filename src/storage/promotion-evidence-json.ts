import { z } from 'zod';
import type { PromotionEvidence } from '../optimizer/promotion-evidence';
import { MeanCsJson } from './anytime-guard-json';
import { lenientKey } from './lenient-key';
import type { MetaKey } from './meta-keys';

const PromotionEvidenceJson: z.ZodType<PromotionEvidence> = z.object({
  sinceMs: z.number(),
  policyVersion: z.string().nullable(),
  cs: z.object({
    difference: MeanCsJson,
    grid: z.array(z.number()),
    logWealth: z.array(z.number()),
    unsupportedRows: z.number(),
  }),
  target: z.array(z.number()).nullable(),
  clippedRows: z.number(),
  treatedArms: z.record(z.string(), z.number()),
});

/**
 * Promotion's anytime evidence. An unreadable value is dropped and the evidence starts afresh:
 * fewer rows only widen the confidence sequence, so a fresh start can delay a promotion but
 * never make a false one likelier.
 */
export const promotionEvidenceKey: MetaKey<PromotionEvidence> = lenientKey(
  'promotionEvidence',
  PromotionEvidenceJson,
);
