import { z } from 'zod';

/** `PUT /v1/task-types/{taskType}?dryRun=true` → 200 when the real PUT would succeed; nothing is stored. */
export const ConfigDryRunResponse = z
  .object({
    valid: z.literal(true),
    /** the version the PUT would replace; null when it would create the task type */
    currentVersion: z.number().int().nullable(),
    /** changed leaves, by JSON Pointer into the config (one entry at "" on create) */
    changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })),
    /** arms whose statistics the PUT would reset (their params changed) */
    resetArms: z.array(z.string()),
  })
  .meta({ id: 'ConfigDryRunResponse' });

export const PutTaskTypeQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true`: judge the config and show the changes, store nothing'),
});
