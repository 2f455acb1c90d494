import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neonConfig, Pool } from '@neondatabase/serverless';
import { Redis } from '@upstash/redis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { getFreePort, isPortFree } from '../../scripts/stack/free-port.mjs';
import { startStack } from '../../scripts/stack/index.mjs';
import { findRedisUrl, isReachable, LOCAL_POSTGRES_URL } from './reachable.mjs';

const postgresUp = await isReachable('127.0.0.1', 5432);
const redisUrl = await findRedisUrl();

/** Points the Neon driver at a stack's proxy, as the Worker does with NEON_WS_PROXY. */
function useProxy(/** @type {number} */ port) {
  neonConfig.webSocketConstructor = WebSocket;
  neonConfig.wsProxy = (host, p) => `127.0.0.1:${port}/v1?address=${host}:${p}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

describe('startStack', () => {
  /** @type {string} */
  let dataDir;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tuneloop-stack-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('with no database URL: embedded Postgres, migrated, reachable through the Neon proxy', async () => {
    const stack = await startStack({ dataDir });
    try {
      expect(stack.embedded).toBe(true);
      expect(stack.upstash).toBeUndefined();
      useProxy(stack.neonProxyPort);
      const pool = new Pool({ connectionString: stack.databaseUrl });
      const { rows } = await pool.query('select count(*)::int as n from drizzle.__drizzle_migrations');
      await pool.end();
      expect(rows[0].n).toBe(/** @type {any} */ (stack.migrations).total);
    } finally {
      await stack.stop();
    }
  });

  it('uses the ports it is given and frees them all on stop', async () => {
    const ports = { postgres: await getFreePort(), neonProxy: await getFreePort() };
    const stack = await startStack({ dataDir, ports });
    expect(stack.neonProxyPort).toBe(ports.neonProxy);
    expect(new URL(stack.databaseUrl).port).toBe(String(ports.postgres));
    await stack.stop();
    expect(await isPortFree(ports.postgres)).toBe(true);
    expect(await isPortFree(ports.neonProxy)).toBe(true);
  });

  it('with a Redis URL: an Upstash bridge the real client can use', async (ctx) => {
    if (!redisUrl) ctx.skip('no REDIS_URL and nothing on 127.0.0.1:6379');
    const stack = await startStack({ dataDir, redisUrl: /** @type {string} */ (redisUrl) });
    try {
      const upstash = /** @type {{ url: string, token: string }} */ (stack.upstash);
      const redis = new Redis(upstash);
      const key = `tuneloop-test:stack:${randomBytes(4).toString('hex')}`;
      await redis.set(key, 'up', { ex: 30 });
      expect(await redis.get(key)).toBe('up');
      await redis.del(key);
    } finally {
      await stack.stop();
    }
  });

  it('with a database URL: uses that Postgres and only lets the proxy dial its host', async (ctx) => {
    if (!postgresUp) ctx.skip('no PostgreSQL listening on 127.0.0.1:5432');
    const name = `tuneloop_stack_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: LOCAL_POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const databaseUrl = LOCAL_POSTGRES_URL.replace(/\/test$/, `/${name}`);
    const stack = await startStack({ databaseUrl, dataDir: join(dataDir, 'must-not-be-created') });
    try {
      expect(stack.embedded).toBe(false);
      expect(stack.databaseUrl).toBe(databaseUrl);
      useProxy(stack.neonProxyPort);
      const pool = new Pool({ connectionString: databaseUrl });
      const { rows } = await pool.query('select current_database() as db');
      await pool.end();
      expect(rows).toEqual([{ db: name }]);
      const elsewhere = new Pool({ connectionString: 'postgres://postgres@example.com:5432/x' });
      await expect(elsewhere.query('select 1')).rejects.toThrow(/403/);
    } finally {
      await stack.stop();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
