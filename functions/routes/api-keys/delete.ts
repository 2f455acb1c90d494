import type { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { KEY_CACHE_MS, requireScope } from '../../middleware/auth';
import { ApiError } from '../../problem';
import { keyRegistryOf } from '../../stubs';

/** `DELETE /v1/api-keys/{id}` (ops): revokes; isolates that cached the key drop it within 60 s. */
export function registerRevokeApiKey(app: Hono<AppEnv>) {
  app.delete('/v1/api-keys/:id', requireScope('ops'), async (c) => {
    const id = c.req.param('id');
    if (!(await keyRegistryOf(c.env).revoke(id)))
      throw new ApiError('not_found', `No live API key '${id.slice(0, 80)}'.`);
    return c.json({ id, revoked: true, effectiveWithinMs: KEY_CACHE_MS });
  });
}
