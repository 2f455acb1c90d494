import { z } from 'zod';

/** One field-level problem; `path` is a JSON Pointer into the request, e.g. `/arms/2/params/temperature`. */
export const FieldError = z.object({
  path: z.string(),
  message: z.string(),
  value: z.unknown().optional(),
  limit: z.unknown().optional(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem+json, the body of every error (API.md "Errors"). */
export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    requestId: z.string(),
    errors: z.array(FieldError).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;
