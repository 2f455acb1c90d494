import { z } from 'zod';

export const RolloutRequest = z.strictObject({
  action: z.enum(['advance', 'rollback', 'pause', 'resume']),
  /** why: required, it goes into the audit chain */
  reason: z.string().trim().min(1).max(1000),
});
export type RolloutRequest = z.infer<typeof RolloutRequest>;

export const KillSwitchRequest = z.strictObject({
  enabled: z.boolean(),
  reason: z.string().trim().min(1).max(1000),
});
