import type { Hono } from 'hono';
import { CreateApiKeyRequest } from '../../../src/contract/api-key';
import type { AppEnv } from '../../app-env';
import { requireScope, sha256Hex } from '../../middleware/auth';
import { keyRegistryOf } from '../../stubs';
import { parseBody } from '../../validation';

/** `POST /v1/api-keys` (ops): a new key, shown once; only its hash is kept. */
export function registerCreateApiKey(app: Hono<AppEnv>) {
  app.post('/v1/api-keys', requireScope('ops'), async (c) => {
    const { name, scopes, rateLimitPerMinute } = await parseBody(c, CreateApiKeyRequest);
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

function randomToken(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...buf))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '');
}
