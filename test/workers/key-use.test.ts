import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../functions/env';
import { call, createTaskType } from './helpers';

// Issue 11, item 9: a key's lastUsedAt is written once per cache refresh, not per request.
describe('a key in use', () => {
  it('has its lastUsedAt written once for many requests within the cache window', async () => {
    const taskType = await createTaskType('key-use');
    const created = await call('POST', '/v1/api-keys', { name: 'agent-use', scopes: ['agent'] });
    expect(created.status, created.text).toBe(201);
    const before = Date.now();
    for (let i = 0; i < 8; i++) {
      const rec = await call('POST', '/v1/recommend', { taskType, context: {} }, { key: created.body.key });
      expect(rec.status, rec.text).toBe(200);
    }
    const registry = (env as unknown as Env).KEY_REGISTRY.getByName('global');
    const use = (await registry.lastUsedAt(created.body.id)) as { atMs: number; writes: number } | null;
    expect(use?.writes).toBe(1);
    expect(use?.atMs).toBeGreaterThanOrEqual(before);
  });
});
