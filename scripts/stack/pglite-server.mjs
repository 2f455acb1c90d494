// Embedded Postgres for `npm start` when no DATABASE_URL is given: PGlite (Postgres
// compiled to WASM) with its data in a local folder, reachable over TCP like a real server.
// PGlite is a single session, so clients are queued and served one at a time
// (serial-front.mjs); PGLiteSocketServer only ever sees that one client.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDirectory } from './dir-lock.mjs';
import { startSerialFront } from './serial-front.mjs';

const HOST = '127.0.0.1';
// A protocol-level Sync ('S', length 4): ends an extended-query run a dead client left
// half-done (Parse without Sync), after which Postgres would ignore everything until Sync.
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * Starts PGlite behind a serializing TCP listener.
 * PGlite accepts any user/password; its only database is `postgres`.
 * @param {{ dataDir: string, port?: number }} options dataDir is created if missing; port 0 (default) picks a free one
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, port = 0 }) {
  await mkdir(dataDir, { recursive: true });
  const unlock = lockDirectory(dataDir);
  const db = await PGlite.create({ dataDir }).catch((error) => {
    unlock();
    throw error;
  });
  const backend = new PGLiteSocketServer({ db, host: HOST, port: 0, maxConnections: 1 });
  await backend.start();
  const backendPort = Number(backend.getServerConn().split(':').pop());

  const front = await startSerialFront({
    host: HOST,
    port,
    backendPort,
    isBackendIdle: () => backend.getStats().activeConnections === 0,
    resetSession: () => resetSession(db),
  });

  let stopping = null;
  return {
    url: `postgres://postgres:postgres@${HOST}:${front.port}/postgres`,
    port: front.port,
    stop() {
      stopping ??= (async () => {
        await front.stop();
        await backend.stop();
        await db.close();
        unlock();
      })();
      return stopping;
    },
  };
}

/**
 * Leaves the session as a fresh connection would find it, whatever the last client did:
 * aborted transaction, prepared statements, temp tables, SET, advisory locks, LISTEN.
 * @param {PGlite} db
 */
async function resetSession(db) {
  await db.runExclusive(() => db.execProtocolRaw(SYNC));
  if (db.isInTransaction()) await db.exec('ROLLBACK');
  await db.exec('DISCARD ALL');
}
