import { ApiKeyPath, RevokeApiKeyResponse } from '../../../src/contract/api-key';
import type { Api } from '../../api';
import { KEY_CACHE_MS } from '../../middleware/auth';
import { access, apiRoute, json, problems } from '../../openapi/route-kit';
import { ApiError } from '../../problem';
import { keyRegistryOf } from '../../stubs';

const route = apiRoute('delete /v1/api-keys/{id}', access('ops'), {
  tag: 'operations',
  summary: 'Revoke an API key (effective within 60 s)',
  request: { params: ApiKeyPath },
  responses: { 200: json(RevokeApiKeyResponse, 'Revoked.'), ...problems(404) },
});

/** `DELETE /v1/api-keys/{id}` (ops): revokes; isolates that cached the key drop it within 60 s. */
export function registerRevokeApiKey(app: Api) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await keyRegistryOf(c.env).revoke(id)))
      throw new ApiError('not_found', `No live API key '${id.slice(0, 80)}'.`);
    return c.json({ id, revoked: true as const, effectiveWithinMs: KEY_CACHE_MS }, 200);
  });
}
