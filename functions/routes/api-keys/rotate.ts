import { createMiddleware } from 'hono/factory';
import { ApiKeyPath, RotateApiKeyRequest, RotateApiKeyResponse } from '../../../src/contract/api-key';
import type { Api } from '../../api';
import type { AppEnv } from '../../app-env';
import { sha256Hex } from '../../middleware/auth';
import { access, apiRoute, json, problems } from '../../openapi/route-kit';
import { ApiError } from '../../problem';
import { keyRegistryOf } from '../../stubs';
import { randomToken } from './post';

const DEFAULT_GRACE_SECONDS = 600;

/** The body is optional: an empty one reads as `{}` rather than as broken JSON. */
const emptyBodyAsEmptyObject = createMiddleware<AppEnv>(async (c, next) => {
  // The body was read (and cached by Hono) before the route; replace the cached text.
  if ((await c.req.text()).trim() === '')
    c.req.bodyCache = { text: Promise.resolve('{}') as unknown as string };
  await next();
});

const route = apiRoute('post /v1/api-keys/{id}/rotate', access('ops', emptyBodyAsEmptyObject), {
  tag: 'operations',
  summary: 'Give a key a new secret; the old one works through a grace period',
  request: {
    params: ApiKeyPath,
    body: { required: false, content: { 'application/json': { schema: RotateApiKeyRequest } } },
  },
  responses: {
    201: json(RotateApiKeyResponse, 'Same id, new secret (shown once).'),
    ...problems(404),
  },
});

/**
 * `POST /v1/api-keys/{id}/rotate` (ops): so an agent fleet can move to a new secret without a
 * window where requests fail, the previous secret keeps working for `graceSeconds` (default 600).
 */
export function registerRotateApiKey(app: Api) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const graceSeconds = c.req.valid('json')?.graceSeconds ?? DEFAULT_GRACE_SECONDS;
    const key = `tl_${randomToken(24)}`;
    const validUntilMs = Date.now() + graceSeconds * 1000;
    if (!(await keyRegistryOf(c.env).rotate(id, await sha256Hex(key), validUntilMs)))
      throw new ApiError('not_found', `No live API key '${id.slice(0, 80)}'.`);
    return c.json({ id, key, previousValidUntil: new Date(validUntilMs).toISOString() }, 201);
  });
}
