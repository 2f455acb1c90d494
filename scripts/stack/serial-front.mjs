// A TCP front door that lets exactly one client at a time talk to a single-session
// Postgres backend (PGlite). Everyone else waits in a FIFO queue with their bytes
// buffered. Why: PGlite is one session; sharing it lets clients read each other's
// results, and refusing extra clients breaks every pool. See FACTS.md.
import net from 'node:net';
import { createFrontendWatcher } from './pg-frames.mjs';

const STUCK_WARNING_MS = 5000;

/**
 * @typedef {object} SerialFrontOptions
 * @property {string} host interface to listen on and to reach the backend on
 * @property {number} port 0 picks a free port
 * @property {number} backendPort where the single-session backend listens
 * @property {() => boolean} isBackendIdle true once the backend has forgotten the last client
 * @property {() => Promise<void>} resetSession makes the session clean for the next client
 */

/**
 * Starts the queueing front listener.
 * @param {SerialFrontOptions} options
 * @returns {Promise<{ port: number, stop: () => Promise<void> }>}
 */
export async function startSerialFront({ host, port, backendPort, isBackendIdle, resetSession }) {
  /** @type {Array<ReturnType<typeof makeEntry>>} */
  const waiting = [];
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  let busy = false;
  let stopped = false;
  /** Between two clients: waiting for the backend to let go, then resetting the session. */
  let handover = Promise.resolve();

  function makeEntry(/** @type {net.Socket} */ client) {
    const pending = /** @type {Buffer[]} */ ([]);
    return { client, watch: createFrontendWatcher(), pending, active: false, start: () => {} };
  }

  const server = net.createServer((client) => {
    if (stopped) return void client.destroy();
    track(client);
    client.setNoDelay(true);
    const entry = makeEntry(client);
    let released = false;
    /** @type {net.Socket | null} */
    let backend = null;

    const release = async () => {
      if (released) return;
      released = true;
      const index = waiting.indexOf(entry);
      if (index >= 0) waiting.splice(index, 1);
      client.end();
      client.destroy();
      if (!entry.active) return;
      backend?.destroy();
      handover = (async () => {
        // The backend learns of the close asynchronously; admitting the next client before
        // it has let go would make PGlite refuse it (it allows one connection).
        await waitFor(() => stopped || isBackendIdle(), 2000);
        if (stopped) return;
        await resetSession().catch((error) => console.error('[pglite] session reset failed:', error));
        busy = false;
        admitNext();
      })();
    };

    entry.start = () => {
      entry.active = true;
      backend = net.connect(backendPort, host);
      track(backend);
      backend.setNoDelay(true);
      relay(backend, client);
      for (const chunk of entry.pending) backend.write(chunk);
      entry.pending = [];
      backend.on('close', release);
      backend.on('error', release);
    };

    client.on('data', (chunk) => {
      const { forward, terminate, cancel } = entry.watch(chunk);
      // Cancelling is not supported by PGlite; answer by closing, as Postgres would.
      if (cancel) return void release();
      if (forward.length > 0) {
        if (!entry.active) entry.pending.push(Buffer.from(forward));
        else if (backend && !backend.write(forward)) {
          client.pause();
          backend.once('drain', () => client.resume());
        }
      }
      // PGlite never closes on Terminate, so the client would wait forever: we close.
      if (terminate) release();
    });
    client.on('close', release);
    client.on('error', release);
    waiting.push(entry);
    warnIfStuck(entry);
    admitNext();
  });

  function track(/** @type {net.Socket} */ socket) {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  }

  // A pool's idle connection (or an open psql) holds the session until it disconnects;
  // everyone else just waits. Say so instead of hanging silently.
  function warnIfStuck(/** @type {{ active: boolean, client: net.Socket }} */ entry) {
    const timer = setTimeout(() => {
      if (entry.active || entry.client.destroyed) return;
      console.warn(
        `[pglite] a client has waited ${STUCK_WARNING_MS / 1000} s: the embedded Postgres serves one ` +
          'connection at a time and another client (an idle pool connection? psql?) still holds it',
      );
    }, STUCK_WARNING_MS);
    timer.unref();
  }

  function admitNext() {
    if (busy || stopped) return;
    const next = waiting.shift();
    if (!next) return;
    busy = true;
    next.start();
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {net.AddressInfo} */ (server.address());

  return {
    port: address.port,
    async stop() {
      stopped = true;
      for (const socket of sockets) socket.destroy();
      await handover;
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/** Backend → client bytes, pausing the backend while the client's buffer is full. */
function relay(/** @type {net.Socket} */ from, /** @type {net.Socket} */ to) {
  from.on('data', (chunk) => {
    if (to.destroyed) return;
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
}

/** Polls `predicate` every few ms until true or `timeoutMs` passed. */
async function waitFor(/** @type {() => boolean} */ predicate, /** @type {number} */ timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}
