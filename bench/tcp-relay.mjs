// A TCP relay in front of a server (the faults bench puts it between the Upstash bridge and
// Redis): down() closes the listener and cuts every connection, so the bridge sees Redis gone
// (connection refused, as after a crash); up() listens on the same port again.
import net from 'node:net';

/**
 * @param {{ host: string, port: number }} target
 * @returns {Promise<{ port: number, down: () => Promise<void>, up: () => Promise<void>, stop: () => Promise<void> }>}
 */
export async function startTcpRelay(target) {
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (/** @type {number} */ port) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(undefined);
      });
    });
  const close = async () => {
    if (!server.listening) return;
    const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
    for (const s of sockets) s.destroy();
    await closed;
  };
  await listen(0);
  const port = /** @type {net.AddressInfo} */ (server.address()).port;
  return { port, down: close, up: () => listen(port), stop: close };
}
