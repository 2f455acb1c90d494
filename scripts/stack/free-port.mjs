// A free TCP port for a process we are about to spawn (wrangler) and cannot hand port 0.
// Our own servers listen on port 0 directly instead, which cannot race.
import net from 'node:net';

/**
 * Asks the OS for a free port on `host`; it is released again before this resolves.
 * @param {string} [host]
 * @returns {Promise<number>}
 */
export function getFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * True when nothing listens on host:port yet.
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
