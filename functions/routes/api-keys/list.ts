import { ApiKeyList } from '../../../src/contract/api-key';
import type { Api } from '../../api';
import { access, apiRoute, json } from '../../openapi/route-kit';
import { keyRegistryOf } from '../../stubs';

const route = apiRoute('get /v1/api-keys', access('ops'), {
  tag: 'operations',
  summary: 'List live API keys (never a secret)',
  responses: { 200: json(ApiKeyList, 'Live keys, oldest first; `lastUsedAt` may lag by a minute.') },
});

/** `GET /v1/api-keys` (ops): id, name, scopes and dates of every live key; never a secret or hash. */
export function registerListApiKeys(app: Api) {
  app.openapi(route, async (c) => c.json({ keys: await keyRegistryOf(c.env).list() }, 200));
}
