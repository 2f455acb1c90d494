/**
 * Local stand-ins for the LLM APIs the client's adapters call (no network): node:http servers
 * that speak OpenAI's chat completions (JSON, and SSE when `stream` is set) and Anthropic's
 * messages, record every request body, and fail with the provider's error shape when a message
 * says "FAIL". Token counts are derived from the request, so tests know them independently.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  /** e.g. http://127.0.0.1:PORT/v1 — the SDKs' baseURL */
  baseURL: string;
  /** request bodies, in order */
  bodies: Record<string, any>[];
  close(): Promise<void>;
}

/** What the fakes answer: the prompt's word count as prompt tokens, a fixed completion. */
export const COMPLETION_TEXT = 'Looks good to me.';
export const COMPLETION_TOKENS = 5;
export function promptTokensOf(body: { messages?: { content: unknown }[]; system?: unknown }): number {
  const texts = (body.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : ''));
  if (typeof body.system === 'string') texts.push(body.system);
  return texts.join(' ').split(/\s+/).filter(Boolean).length;
}
const wantsFailure = (body: { messages?: { content: unknown }[] }) =>
  (body.messages ?? []).some((m) => typeof m.content === 'string' && m.content.includes('FAIL'));

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

function listen(handler: (body: Record<string, any>, res: ServerResponse, path: string) => void) {
  const bodies: Record<string, any>[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    bodies.push(body);
    handler(body, res, req.url ?? '');
  });
  return new Promise<FakeServer>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        baseURL: `http://127.0.0.1:${port}/v1`,
        bodies,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** OpenAI `POST /v1/chat/completions`. */
export function startFakeOpenAI(): Promise<FakeServer> {
  return listen((body, res, path) => {
    if (path !== '/v1/chat/completions') return json(res, 404, { error: { message: `no ${path}` } });
    if (wantsFailure(body)) {
      return json(res, 400, {
        error: { message: 'This model does not like FAIL', type: 'invalid_request_error', code: null },
      });
    }
    const usage = {
      prompt_tokens: promptTokensOf(body),
      completion_tokens: COMPLETION_TOKENS,
      total_tokens: promptTokensOf(body) + COMPLETION_TOKENS,
    };
    const base = { id: 'chatcmpl-fake', created: 1_760_000_000, model: body.model };
    if (!body.stream) {
      return json(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: COMPLETION_TEXT, refusal: null },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage,
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: object, finish: string | null) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    });
    send(chunk({ role: 'assistant', content: '' }, null));
    for (const word of COMPLETION_TEXT.split(/(?= )/)) send(chunk({ content: word }, null));
    send(chunk({}, 'stop'));
    if (body.stream_options?.include_usage)
      send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    res.end('data: [DONE]\n\n');
  });
}

/** Anthropic `POST /v1/messages`; usage includes prompt-cache reads. */
export const CACHE_READ_TOKENS = 7;
export function startFakeAnthropic(): Promise<FakeServer> {
  return listen((body, res, path) => {
    if (path !== '/v1/messages') return json(res, 404, { type: 'error', error: { type: 'not_found_error' } });
    if (wantsFailure(body)) {
      return json(res, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'This model does not like FAIL' },
      });
    }
    json(res, 200, {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'text', text: COMPLETION_TEXT }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: promptTokensOf(body),
        output_tokens: COMPLETION_TOKENS,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: CACHE_READ_TOKENS,
      },
    });
  });
}
