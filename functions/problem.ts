import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { FieldError, Problem } from '../src/contract/problem';

export type { FieldError, Problem };

/** The closed set of errors the API answers with, and their HTTP statuses (API.md "Errors"). */
export const ERROR_STATUS = {
  bad_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  bad_json: 'Body is not JSON',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  gone: 'Gone',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  unprocessable: 'Unprocessable content',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Temporarily unavailable',
};

/** An expected failure on its way to becoming problem+json. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export function problemBody(
  code: ErrorCode,
  detail: string,
  requestId: string,
  errors?: FieldError[],
): Problem {
  return {
    type: `https://tuneloop.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[code],
    status: ERROR_STATUS[code],
    detail,
    requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Writes an RFC 9457 problem+json response. */
export function problemResponse(c: Context, error: ApiError): Response {
  const body = problemBody(error.code, error.detail, c.get('requestId') ?? 'unknown', error.errors);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json', ...error.headers },
  });
}

/**
 * Hono's and @hono/zod-openapi's own refusals (a body that does not parse, a media type
 * it will not read) in the closed set: each is about the body not being JSON.
 */
export function fromHttpException(error: HTTPException): ApiError {
  if (error.status === 413) return new ApiError('payload_too_large', 'The body is over the limit.');
  if (error.status === 400 || error.status === 415)
    return new ApiError('bad_json', 'The request body is not valid JSON.');
  const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((k) => ERROR_STATUS[k] === error.status);
  return new ApiError(code ?? 'internal', error.message || TITLES[code ?? 'internal']);
}

export { HTTPException };

export function unknownTaskType(taskType: string): ApiError {
  return new ApiError('not_found', `Unknown task type '${taskType}'.`);
}
