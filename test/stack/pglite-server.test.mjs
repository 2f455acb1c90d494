import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../scripts/stack/pglite-server.mjs';

describe('embedded Postgres (PGlite behind a serializing listener)', () => {
  /** @type {string} */
  let dataDir;
  /** @type {Awaited<ReturnType<typeof startEmbeddedPostgres>>} */
  let server;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tuneloop-pglite-'));
    server = await startEmbeddedPostgres({ dataDir });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('accepts the postgres user and database named in its URL', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query('select current_user as u, current_database() as d');
    await client.end();
    expect(rows).toEqual([{ u: 'postgres', d: 'postgres' }]);
  });

  it('gives each of several concurrent clients its own results', async () => {
    const session = async (/** @type {number} */ id) => {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const seen = [];
      for (let i = 0; i < 5; i++) {
        // Extended protocol (Parse/Bind/Execute): exactly what leaks between shared sessions.
        const { rows } = await client.query('select $1::int as n', [id * 100 + i]);
        seen.push(rows[0].n);
      }
      await client.end();
      return seen;
    };
    const results = await Promise.all([session(1), session(2), session(3)]);
    expect(results).toEqual([
      [100, 101, 102, 103, 104],
      [200, 201, 202, 203, 204],
      [300, 301, 302, 303, 304],
    ]);
  });

  it('hands the next client a clean session after one dies mid-transaction', async () => {
    const first = new pg.Client({ connectionString: server.url });
    first.on('error', () => {}); // its own socket is about to vanish
    await first.connect();
    await first.query("set work_mem = '7MB'");
    await first.query('begin');
    await first.query('create table half_done (x int)');
    const waiting = new pg.Client({ connectionString: server.url });
    const connected = waiting.connect();
    // Kill the socket without Terminate, as a crashed process would.
    /** @type {any} */ (first).connection.stream.destroy();
    await connected;
    const { rows } = await waiting.query(
      "select to_regclass('half_done') as t, current_setting('work_mem') as work_mem",
    );
    await waiting.end();
    expect(rows[0].t).toBeNull();
    expect(rows[0].work_mem).not.toBe('7MB');
  });

  it('closes the connection itself when the client sends Terminate', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(startupMessage({ user: 'postgres', database: 'postgres' }));
    await new Promise((resolve) => socket.once('data', resolve));
    const closed = new Promise((resolve) => socket.once('close', () => resolve('closed')));
    socket.write(Buffer.from([0x58, 0, 0, 0, 4])); // 'X'
    const outcome = await Promise.race([closed, sleep(2000).then(() => 'still open')]);
    socket.destroy();
    expect(outcome).toBe('closed');
  });

  it('refuses to open a data folder that is already open', async () => {
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already open|in use/);
  });

  it('keeps its data across a restart', async () => {
    const write = new pg.Client({ connectionString: server.url });
    await write.connect();
    await write.query('create table survivors (name text)');
    await write.query("insert into survivors values ('kept')");
    await write.end();
    await server.stop();

    server = await startEmbeddedPostgres({ dataDir });
    const read = new pg.Client({ connectionString: server.url });
    await read.connect();
    const { rows } = await read.query('select name from survivors');
    await read.end();
    expect(rows).toEqual([{ name: 'kept' }]);
  }, 60_000);
});

/** A protocol 3.0 StartupMessage. */
function startupMessage(/** @type {Record<string, string>} */ params) {
  const body = Buffer.concat([
    ...Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0`), Buffer.from(`${v}\0`)]),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
