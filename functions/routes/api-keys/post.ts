import type { Hono } from 'hono';
import { CreateApiKeyRequest } from '../../../src/contract/api-key';
import type { AppEnv } from '../../app-env';
import { requireScope, sha256Hex } from '../../middleware/auth';
import { keyRegistryOf } from '../../stubs';
import { parseBody } from '../../validation';

/** `POST /v1/api-keys` (ops): a new key, shown once; only its hash is kept. */
export function registerCreateApiKey(app: Hono<AppEnv>) {
  app.post('/v1/api-keys', requireScope('ops'), async (c) => {
    const { name, scopes } = await parseBody(c, CreateApiKeyRequest);
    const id = `key_${randomToken(9)}`;
    const key = `tl_${randomToken(24)}`;
    await keyRegistryOf(c.env).create(id, name, [...new Set(scopes)], await sha256Hex(key));
    return c.json({ id, key, name, scopes }, 201);
  });
}

function randomToken(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...buf)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}
