import { CreateApiKeyRequest, CreateApiKeyResponse } from '../../../src/contract/api-key';
import type { Api } from '../../api';
import { sha256Hex } from '../../middleware/auth';
import { access, apiRoute, json, jsonBody } from '../../openapi/route-kit';
import { keyRegistryOf } from '../../stubs';

const route = apiRoute('post /v1/api-keys', access('ops'), {
  tag: 'operations',
  summary: 'Create an API key (shown once)',
  request: { body: jsonBody(CreateApiKeyRequest) },
  responses: { 201: json(CreateApiKeyResponse, 'The key; only its hash is kept.') },
});

/** `POST /v1/api-keys` (ops): a new key, shown once; only its hash is kept. */
export function registerCreateApiKey(app: Api) {
  app.openapi(route, async (c) => {
    const { name, scopes, rateLimitPerMinute } = c.req.valid('json');
    const id = `key_${randomToken(9)}`;
    const key = `tl_${randomToken(24)}`;
    const unique = [...new Set(scopes)];
    await keyRegistryOf(c.env).create(id, name, unique, await sha256Hex(key), rateLimitPerMinute ?? null);
    return c.json(
      { id, key, name, scopes: unique, ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}) },
      201,
    );
  });
}

export function randomToken(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...buf))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '');
}
