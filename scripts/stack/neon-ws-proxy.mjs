// WebSocket-to-TCP proxy so the Neon serverless driver (WebSocket mode) reaches a local
// Postgres, as Neon's own local-development setup does: the driver opens
// ws://127.0.0.1:PORT/v1?address=host:port and speaks the Postgres wire protocol in
// binary frames, which we pipe to that TCP address. Tests also use it to simulate the
// database going away (fault injection), over HTTP when they run inside workerd.
import http from 'node:http';
import net from 'node:net';
import { WebSocketServer } from 'ws';

/** @typedef {'refuse' | null} FaultMode */

/**
 * Starts the proxy on 127.0.0.1.
 * @param {{ port?: number, allowedHosts?: string[] }} [options] port 0 (default) picks a free
 *   one; allowedHosts are the only TCP hosts it will dial (default: the loopback names)
 * @returns {Promise<{ port: number, stop: () => Promise<void>, setFault: (mode: FaultMode) => void }>}
 */
export async function startNeonProxy({ port = 0, allowedHosts = ['127.0.0.1', 'localhost'] } = {}) {
  /** @type {FaultMode} */
  let fault = null;
  /** @type {Set<() => void>} */
  const links = new Set();
  const wss = new WebSocketServer({ noServer: true });

  const setFault = (/** @type {FaultMode} */ mode) => {
    if (mode !== null && mode !== 'refuse') throw new Error(`unknown fault mode: ${mode}`);
    fault = mode;
    // Like the database vanishing: sessions in flight break, not just new ones.
    if (fault === 'refuse') for (const drop of links) drop();
  };

  const server = http.createServer((req, res) =>
    handleControl(req, res, { setFault, getFault: () => fault }),
  );

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const address = url.searchParams.get('address') ?? '';
    const target = parseAddress(address);
    const refusal =
      fault === 'refuse'
        ? '503 Service Unavailable'
        : url.pathname !== '/v1'
          ? '404 Not Found'
          : !target
            ? '400 Bad Request'
            : !allowedHosts.includes(target.host)
              ? '403 Forbidden'
              : null;
    if (refusal || !target) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => pipe(ws, target));
  });

  /** Bytes both ways; whichever side closes first takes the other down with it. */
  function pipe(
    /** @type {import('ws').WebSocket} */ ws,
    /** @type {{host: string, port: number}} */ target,
  ) {
    const tcp = net.connect(target.port, target.host);
    tcp.setNoDelay(true);
    const drop = () => {
      links.delete(drop);
      tcp.destroy();
      ws.terminate();
    };
    links.add(drop);
    ws.on('message', (data) => tcp.write(/** @type {Buffer} */ (data)));
    tcp.on('data', (chunk) => ws.send(chunk));
    ws.on('close', drop);
    ws.on('error', drop);
    tcp.on('close', drop);
    tcp.on('error', drop);
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });

  return {
    port: /** @type {net.AddressInfo} */ (server.address()).port,
    setFault,
    async stop() {
      for (const drop of links) drop();
      wss.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/**
 * `POST /__fault {"mode": "refuse" | null}` and `GET /__health`: the same controls over
 * HTTP, for tests running inside workerd that cannot call setFault().
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {{ setFault: (mode: FaultMode) => void, getFault: () => FaultMode }} controls
 */
async function handleControl(req, res, { setFault, getFault }) {
  const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const path = new URL(req.url ?? '/', 'http://proxy').pathname;
  if (req.method === 'GET' && path === '/__health') return reply(200, { ok: true, fault: getFault() });
  if (req.method === 'POST' && path === '/__fault') {
    try {
      let text = '';
      for await (const chunk of req) text += chunk;
      const { mode } = JSON.parse(text || '{}');
      setFault(mode ?? null);
      return reply(200, { ok: true, fault: getFault() });
    } catch (error) {
      return reply(400, { error: String(/** @type {Error} */ (error).message) });
    }
  }
  reply(404, { error: 'not found' });
}

/** "host:port" → { host, port }, or null. Accepts "[::1]:5432" too. */
function parseAddress(/** @type {string} */ address) {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
  if (!match) return null;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { host: match[1], port } : null;
}
