import type { Hook } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import type { FieldError } from '../src/contract/problem';
import { findUnstorableText } from '../src/contract/storable-text';
import type { AppEnv } from './app-env';
import { ApiError } from './problem';

/** The JSON media types @hono/zod-openapi lets through to a JSON body (anything else is its 415). */
const JSON_MEDIA_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * Bodies are JSON whatever their content type says (curl's -d sends form encoding, some
 * clients send none), as API.md promises: the request is relabelled as JSON before any
 * route sees it, so the library neither answers 415 nor skips the body.
 */
export const jsonContentType = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
  if (JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? '')) return next();
  const headers = new Headers(c.req.raw.headers);
  headers.set('content-type', 'application/json');
  c.req.raw = new Request(c.req.raw, { headers });
  await next();
});

const WHAT: Record<string, string> = { json: 'request body', query: 'query', header: 'headers' };
const PARAM_NOUN: Record<string, string> = { taskType: 'task type', id: 'API key' };

/**
 * The `defaultHook` of every route: a body with text Postgres cannot store, or any input that
 * breaks its schema, is a 422 naming each field; a path parameter that cannot name anything
 * is a 404, like an unknown one.
 */
export const rejectInvalid: Hook<unknown, AppEnv, string, undefined> = (result) => {
  const input = (result as { data?: unknown }).data;
  if (result.target === 'json') refuseUnstorableText(input);
  if (result.success) return undefined;
  if (result.target === 'param') {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    const value = String((input as Record<string, unknown> | undefined)?.[name] ?? '').slice(0, 80);
    throw new ApiError('not_found', `No ${PARAM_NOUN[name] ?? name} '${value}': ${issue.message}.`);
  }
  const what = WHAT[result.target] ?? result.target;
  throw new ApiError('unprocessable', `The ${what} breaks the schema.`, zodErrors(result.error, input));
};

function refuseUnstorableText(body: unknown): void {
  const unstorable = findUnstorableText(body);
  if (unstorable === null) return;
  throw new ApiError('unprocessable', 'The request body holds text that cannot be stored.', [
    { path: unstorable, message: 'must not contain NUL characters or unpaired surrogates' },
  ]);
}

type Issue = z.core.$ZodIssue;

export function zodErrors(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues
    .flatMap((issue) => explainUnion(issue, []))
    .map((issue) => {
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

/**
 * A union (one outcome or an array of them) fails as a whole; the branch whose type the
 * input had is the one the sender meant, so its issues name the fields.
 */
function explainUnion(issue: Issue, prefix: PropertyKey[]): Issue[] {
  const at = { ...issue, path: [...prefix, ...issue.path] } as Issue;
  if (issue.code !== 'invalid_union') return [at];
  const meant = issue.errors.filter(
    (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (meant.length !== 1) return [at];
  return meant[0]!.flatMap((i) => explainUnion(i, at.path));
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
