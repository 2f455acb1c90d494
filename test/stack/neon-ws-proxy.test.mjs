import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neonConfig, Pool } from '@neondatabase/serverless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startNeonProxy } from '../../scripts/stack/neon-ws-proxy.mjs';
import { startEmbeddedPostgres } from '../../scripts/stack/pglite-server.mjs';
import { isReachable, LOCAL_POSTGRES_URL } from './reachable.mjs';

const postgresUp = await isReachable('127.0.0.1', 5432);

describe('Neon WebSocket proxy', () => {
  /** @type {Awaited<ReturnType<typeof startNeonProxy>>} */
  let proxy;
  /** @type {Awaited<ReturnType<typeof startEmbeddedPostgres>>} */
  let pglite;
  /** @type {string} */
  let dataDir;

  beforeAll(async () => {
    proxy = await startNeonProxy({ allowedHosts: ['127.0.0.1'] });
    // The settings the Worker uses against this proxy (FACTS.md); ws only because this is Node.
    neonConfig.webSocketConstructor = WebSocket;
    neonConfig.wsProxy = (host, port) => `127.0.0.1:${proxy.port}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
    dataDir = await mkdtemp(join(tmpdir(), 'tuneloop-neon-'));
    pglite = await startEmbeddedPostgres({ dataDir });
  });

  afterAll(async () => {
    await proxy?.stop();
    await pglite?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('carries a Neon Pool query and transaction to the embedded Postgres', async () => {
    const pool = new Pool({ connectionString: pglite.url });
    const { rows } = await pool.query('select $1::text as greeting', ['hello']);
    const client = await pool.connect();
    await client.query('begin');
    await client.query('create table neon_proxy_probe (n int)');
    await client.query('insert into neon_proxy_probe values (1), (2)');
    const sum = await client.query('select sum(n)::int as s from neon_proxy_probe');
    await client.query('rollback');
    client.release();
    await pool.end();
    expect(rows).toEqual([{ greeting: 'hello' }]);
    expect(sum.rows).toEqual([{ s: 3 }]);
  });

  it('carries a Neon Pool query to the machine PostgreSQL', async (ctx) => {
    if (!postgresUp) ctx.skip('no PostgreSQL listening on 127.0.0.1:5432');
    const pool = new Pool({ connectionString: LOCAL_POSTGRES_URL });
    const { rows } = await pool.query('select current_database() as db, $1::int + 1 as n', [41]);
    await pool.end();
    expect(rows).toEqual([{ db: 'test', n: 42 }]);
  });

  it('refuses to dial a host that is not allowed', async () => {
    const status = await upgradeStatus(`ws://127.0.0.1:${proxy.port}/v1?address=example.com:5432`);
    expect(status).toBe(403);
  });

  it('closes the TCP side when the WebSocket closes, and the other way round', async () => {
    const target = await echoServer();
    const url = `ws://127.0.0.1:${proxy.port}/v1?address=127.0.0.1:${target.port}`;

    const first = await openSocket(url);
    expect(await roundTrip(first, 'ping')).toBe('ping');
    const tcpEnded = new Promise((resolve) => target.onClose(() => resolve(undefined)));
    first.close();
    await tcpEnded;

    const second = await openSocket(url);
    expect(await roundTrip(second, 'pong')).toBe('pong');
    const wsClosed = new Promise((resolve) => second.once('close', resolve));
    target.closeAll();
    await wsClosed;
    await target.stop();
  });

  it('refuses new sessions and drops open ones while faulted, then heals', async () => {
    const held = new Pool({ connectionString: pglite.url, max: 1 });
    held.on('error', () => {}); // the drop below surfaces here as well
    const heldClient = await held.connect();
    heldClient.on('error', () => {});

    proxy.setFault('refuse');
    await expect(heldClient.query('select 1')).rejects.toThrow();
    const fresh = new Pool({ connectionString: pglite.url });
    await expect(fresh.query('select 1')).rejects.toThrow(/503/);
    heldClient.release(true);
    await held.end();

    proxy.setFault(null);
    const { rows } = await fresh.query('select 1 as n');
    await fresh.end();
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('takes the same fault commands over HTTP, for tests inside workerd', async () => {
    const base = `http://127.0.0.1:${proxy.port}`;
    const post = (/** @type {unknown} */ mode) =>
      fetch(`${base}/__fault`, { method: 'POST', body: JSON.stringify({ mode }) });

    expect((await post('refuse')).status).toBe(200);
    expect(await (await fetch(`${base}/__health`)).json()).toEqual({ ok: true, fault: 'refuse' });
    expect(await upgradeStatus(`ws://127.0.0.1:${proxy.port}/v1?address=127.0.0.1:5432`)).toBe(503);
    expect((await post(null)).status).toBe(200);
    expect((await post('explode')).status).toBe(400);
    expect(await (await fetch(`${base}/__health`)).json()).toEqual({ ok: true, fault: null });
  });
});

/** The HTTP status an upgrade attempt is answered with (101 when accepted). */
function upgradeStatus(/** @type {string} */ url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => {});
  });
}

/** @returns {Promise<WebSocket>} */
function openSocket(/** @type {string} */ url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends bytes through the proxy and resolves with what comes back. */
function roundTrip(/** @type {WebSocket} */ ws, /** @type {string} */ text) {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(String(data)));
    ws.send(Buffer.from(text));
  });
}

/** A TCP server standing in for Postgres, to watch which side closes. */
async function echoServer() {
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  /** @type {Array<() => void>} */
  const closeListeners = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      for (const listener of closeListeners.splice(0)) listener();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return {
    port: /** @type {net.AddressInfo} */ (server.address()).port,
    onClose: (/** @type {() => void} */ listener) => closeListeners.push(listener),
    closeAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
