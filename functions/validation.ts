import type { Context } from 'hono';
import type { z } from 'zod';
import { readCheckedJson } from './middleware/json-body';
import { ApiError, type FieldError } from './problem';

/**
 * Reads the body as JSON whatever its content type (curl's -d sends form encoding), checked
 * against the input limits (depth, context size) and Postgres' text rules without recursion.
 */
export async function readJson(c: Context): Promise<unknown> {
  return readCheckedJson(c);
}

/** Parses with a zod schema; a violation is a 422 naming every field (JSON Pointers). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ApiError('unprocessable', `The ${what} breaks the schema.`, zodErrors(parsed.error, input));
}

export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseWith(schema, await readJson(c));
}

export function zodErrors(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues.map((issue) => {
    const path = toPointer(issue.path);
    const value = valueAt(input, issue.path);
    const limit = 'maximum' in issue ? issue.maximum : 'minimum' in issue ? issue.minimum : undefined;
    return {
      path,
      message: issue.message,
      ...(value === undefined ? {} : { value: truncate(value) }),
      ...(limit === undefined ? {} : { limit: typeof limit === 'bigint' ? Number(limit) : limit }),
    };
  });
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    // Own members only: a path through `constructor` must not reach Object.prototype's.
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

// A problem document echoes the offending value, but never a megabyte of it.
function truncate(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 200) return `${value.slice(0, 200)}…`;
  if (typeof value === 'object' && value !== null)
    return JSON.stringify(value).length > 500 ? '[object]' : value;
  return value;
}
