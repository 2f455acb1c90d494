import { z } from 'zod';

export const WaiverRequest = z.strictObject({
  /** extra tokens for today's budget */
  tokens: z.number().int().positive().max(1e12),
  reason: z.string().min(1).max(500),
  /** ISO-8601; must lie in the future */
  expiresAt: z.iso.datetime({ offset: true }),
});
export type WaiverRequest = z.infer<typeof WaiverRequest>;
