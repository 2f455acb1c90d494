// Which of the machine's services are up, so tests that need them can skip with a reason
// instead of failing on a laptop where they are not running.
import net from 'node:net';

/**
 * Resolves true when a TCP connection to host:port succeeds within timeoutMs.
 * @param {string} host
 * @param {number} port
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export function isReachable(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const done = (/** @type {boolean} */ up) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The machine's PostgreSQL (trust auth, database `test`), per FACTS.md. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The Redis to test against: REDIS_URL (CI sets it), else 127.0.0.1:6379 when reachable.
 * @returns {Promise<string | null>}
 */
export async function findRedisUrl() {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  return (await isReachable('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : null;
}
