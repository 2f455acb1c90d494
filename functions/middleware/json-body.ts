import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { inputLimitViolations } from '../../src/contract/input-limits';
import { findUnstorableText } from '../../src/contract/storable-text';
import type { AppEnv } from '../app-env';
import { ApiError } from '../problem';

// The parsed body per request, so the route's reader does not parse a megabyte twice.
const parsedBodies = new WeakMap<Request, { value: unknown }>();

/**
 * Parses a JSON body and checks it against the input limits and Postgres' text rules:
 * 400 when it is not JSON, 422 naming the limit otherwise. Pure checks, none recursive.
 */
export function checkedJson(text: string): unknown {
  let body: unknown;
  try {
    // JSON.parse itself is iterative in V8: deep nesting is safe here, not in what follows.
    body = JSON.parse(text);
  } catch {
    throw new ApiError('bad_json', 'The request body is not valid JSON.');
  }
  const violations = inputLimitViolations(body);
  if (violations.length > 0) {
    throw new ApiError('unprocessable', 'The request body breaks an input limit.', violations);
  }
  const unstorable = findUnstorableText(body);
  if (unstorable !== null) {
    throw new ApiError('unprocessable', 'The request body holds text that cannot be stored.', [
      { path: unstorable, message: 'must not contain NUL characters or unpaired surrogates' },
    ]);
  }
  return body;
}

/** The request's JSON body, checked; parsed once per request. */
export async function readCheckedJson(c: Context): Promise<unknown> {
  const cached = parsedBodies.get(c.req.raw);
  if (cached) return cached.value;
  const value = checkedJson(await c.req.text());
  parsedBodies.set(c.req.raw, { value });
  return value;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Checks every non-empty JSON body before any route, schema validator or zod schema (which
 * recurse) sees it. A body that is not JSON is left to the route, which answers 400 or
 * ignores it, as before; only JSON that breaks a limit is refused here.
 */
export const jsonBodyLimits = createMiddleware<AppEnv>(async (c, next) => {
  if (!BODY_METHODS.has(c.req.method)) return next();
  const text = await c.req.text();
  if (text.trim() === '') return next();
  try {
    parsedBodies.set(c.req.raw, { value: checkedJson(text) });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'bad_json') throw error;
  }
  return next();
});
