import { describe, expect, it } from 'vitest';
import { call, sleep } from './helpers';

describe('API keys', () => {
  it('creates a key shown once, which then works for its scope', async () => {
    const created = await call('POST', '/v1/api-keys', { name: 'agent-1', scopes: ['agent'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^tl_/);
    expect(created.body.id).toMatch(/^key_/);
    const res = await call('POST', '/v1/recommend', { taskType: 'missing-type' }, { key: created.body.key });
    expect(res.status).toBe(404);
    const read = await call('GET', '/v1/task-types', undefined, { key: created.body.key });
    expect(read.status).toBe(403);
  });

  it('revokes a key: refused once the isolate cache (KEY_CACHE_MS) lapses', async () => {
    const created = await call('POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    expect((await call('GET', '/v1/task-types', undefined, { key: created.body.key })).status).toBe(200);
    const revoked = await call('DELETE', `/v1/api-keys/${created.body.id}`);
    expect(revoked.status).toBe(200);
    await sleep(1100); // the test config caches verified keys for 1 s instead of 60 s
    expect((await call('GET', '/v1/task-types', undefined, { key: created.body.key })).status).toBe(401);
    expect((await call('DELETE', `/v1/api-keys/${created.body.id}`)).status).toBe(404);
  });

  it('refuses a key request with an unknown scope, naming it', async () => {
    const res = await call('POST', '/v1/api-keys', { name: 'x', scopes: ['root'] });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/scopes/0');
  });
});
