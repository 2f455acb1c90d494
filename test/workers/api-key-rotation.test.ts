import { describe, expect, it } from 'vitest';
import { call, sleep } from './helpers';

const canRead = async (key: string) => (await call('GET', '/v1/task-types', undefined, { key })).status;

describe('GET /v1/api-keys', () => {
  it('lists live keys with id, name, scopes and dates, never a secret or its hash', async () => {
    const created = await call('POST', '/v1/api-keys', { name: 'lister', scopes: ['read', 'agent'] });
    const res = await call('GET', '/v1/api-keys');
    expect(res.status).toBe(200);
    const mine = res.body.keys.find((k: { id: string }) => k.id === created.body.id);
    expect(mine).toMatchObject({ name: 'lister', scopes: ['read', 'agent'], lastUsedAt: null });
    expect(Date.parse(mine.createdAt)).toBeGreaterThan(0);
    expect(res.text).not.toContain(created.body.key);
    expect(res.text).not.toMatch(/tl_|keyHash|key_hash|"key"/);
  });

  it('is for ops keys only, and leaves revoked keys out', async () => {
    const reader = await call('POST', '/v1/api-keys', { name: 'nosy', scopes: ['read'] });
    expect((await call('GET', '/v1/api-keys', undefined, { key: reader.body.key })).status).toBe(403);
    await call('DELETE', `/v1/api-keys/${reader.body.id}`);
    const ids = (await call('GET', '/v1/api-keys')).body.keys.map((k: { id: string }) => k.id);
    expect(ids).not.toContain(reader.body.id);
  });
});

describe('POST /v1/api-keys/{id}/rotate', () => {
  it('keeps the id, issues a new secret, and lets the old one work through the grace period', async () => {
    const created = await call('POST', '/v1/api-keys', { name: 'rotating', scopes: ['read'] });
    const rotated = await call('POST', `/v1/api-keys/${created.body.id}/rotate`, { graceSeconds: 2 });
    expect(rotated.status).toBe(201);
    expect(rotated.body.id).toBe(created.body.id);
    expect(rotated.body.key).toMatch(/^tl_/);
    expect(rotated.body.key).not.toBe(created.body.key);
    expect(await canRead(rotated.body.key)).toBe(200);
    expect(await canRead(created.body.key)).toBe(200);
    await sleep(3200); // past the grace and the test's 1 s key cache
    expect(await canRead(created.body.key)).toBe(401);
    expect(await canRead(rotated.body.key)).toBe(200);
  });

  it('defaults the grace to 600 s when no body is sent', async () => {
    const created = await call('POST', '/v1/api-keys', { name: 'default-grace', scopes: ['read'] });
    const before = Date.now();
    const rotated = await call('POST', `/v1/api-keys/${created.body.id}/rotate`);
    expect(rotated.status).toBe(201);
    const graceMs = Date.parse(rotated.body.previousValidUntil) - before;
    expect(graceMs).toBeGreaterThan(595_000);
    expect(graceMs).toBeLessThan(605_000);
    expect(await canRead(created.body.key)).toBe(200);
  });

  it('with no grace refuses the old secret at once', async () => {
    const created = await call('POST', '/v1/api-keys', { name: 'no-grace', scopes: ['read'] });
    await call('POST', `/v1/api-keys/${created.body.id}/rotate`, { graceSeconds: 0 });
    expect(await canRead(created.body.key)).toBe(401);
  });

  it('answers 404 for an unknown or revoked key and 422 naming a bad graceSeconds', async () => {
    expect((await call('POST', '/v1/api-keys/key_nope/rotate', {})).status).toBe(404);
    const created = await call('POST', '/v1/api-keys', { name: 'bad-grace', scopes: ['read'] });
    const bad = await call('POST', `/v1/api-keys/${created.body.id}/rotate`, { graceSeconds: -1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('/graceSeconds');
  });
});
