import type { z } from 'zod';
import type { MetaKey } from './meta-keys';

/**
 * A meta key whose stored value is dropped when it does not match `schema` (e.g. the layout of
 * another release): the reader starts afresh. Only for statistics where a fresh start is safe —
 * fewer data widen a confidence sequence, they never make a decision false.
 */
export function lenientKey<T>(name: string, schema: z.ZodType<T>): MetaKey<T> {
  return {
    name,
    encode: (value) => value,
    decode: (json) => {
      const parsed = schema.safeParse(json);
      return parsed.success ? parsed.data : null;
    },
  };
}
