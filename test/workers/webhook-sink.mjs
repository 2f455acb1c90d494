// A webhook receiver for the alert tests: records what it is sent; `POST /__fail {count}`
// makes the next `count` deliveries fail with 500 (to exercise retries).
import http from 'node:http';

/** @param {number} port */
export async function startWebhookSink(port) {
  /** @type {unknown[]} */
  const received = [];
  /** each delivery's raw body and signature header, for the signature test */
  const raw = [];
  let failNext = 0;
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    const reply = (status, json) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.method === 'POST' && req.url === '/__fail') {
      failNext = JSON.parse(body || '{}').count ?? 0;
      return reply(200, { failNext });
    }
    if (req.method === 'POST' && req.url === '/hook') {
      if (failNext > 0) {
        failNext -= 1;
        return reply(500, { error: 'failing on purpose' });
      }
      received.push(JSON.parse(body));
      raw.push({ body, signature: req.headers['x-tuneloop-signature'] ?? null });
      return reply(200, { ok: true });
    }
    if (req.method === 'GET' && req.url === '/hook') return reply(200, received);
    if (req.method === 'GET' && req.url === '/hook/raw') return reply(200, raw);
    reply(404, { error: 'not found' });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { stop: () => new Promise((resolve) => server.close(resolve)) };
}
