import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type DecisionLogLine, TuneloopClient, TuneloopError, TuneloopNetworkError } from '../../src/client';
import { ADMIN_KEY, createTaskType, sleep } from './helpers';

type FetchFn = (request: Request) => Promise<Response>;

/**
 * A client against the Worker under test (retries wait nothing). The first call of a run that
 * reaches Postgres pays for its connection on a loaded machine: a generous timeout, not a speed check.
 */
function client(apiKey = ADMIN_KEY, fetch: FetchFn = (request) => SELF.fetch(request)) {
  const options = { baseUrl: 'http://tuneloop.test', apiKey, fetch, timeoutMs: 60_000 };
  return new TuneloopClient({ ...options, sleep: async () => {} });
}

/** `n` decisions, each with an outcome; their ids in order. */
async function serveAndLearn(c: TuneloopClient, taskType: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const decision = await c.recommend({ taskType, context: { promptTokens: 100 + i } });
    await c.recordOutcome({ decisionId: decision.decisionId, quality: (i % 4) / 4, latencyMs: 200 });
    ids.push(decision.decisionId);
  }
  return ids;
}

async function collect<T>(lines: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('TuneloopClient covers the API', () => {
  it('runs and lists evaluations, and fetches the policy snapshot they evaluate', async () => {
    const c = client();
    const taskType = await createTaskType('client-eval');
    await serveAndLearn(c, taskType, 8);
    const run = await c.runEvaluation(taskType);
    expect(run).toMatchObject({ taskType, trigger: 'manual' });
    const { evaluations } = await c.listEvaluations(taskType, { limit: 5 });
    expect(evaluations.map((e) => e.id)).toContain(run.id);
    const snapshot = await c.policySnapshot(taskType);
    expect(snapshot).toMatchObject({ taskType, kind: 'thompson-gaussian', policyVersion: run.policyVersion });
    expect(snapshot.arms.reduce((sum, a) => sum + a.reward.n, 0)).toBe(8);
  });

  it('lists the audit log and verifies its chain', async () => {
    const c = client();
    const taskType = await createTaskType('client-audit');
    await c.rollout(taskType, 'pause', 'client test');
    const { events } = await c.auditEvents(taskType, { limit: 10 });
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['task-type-created']));
    expect(events[0]!.seq).toBeGreaterThan(events.at(-1)!.seq); // newest first
    expect(await c.verifyAudit(taskType)).toMatchObject({ taskType, ok: true });
  });

  it('streams the decision export as parsed lines, every decision once, in order', async () => {
    const c = client();
    const taskType = await createTaskType('client-export');
    const ids = await serveAndLearn(c, taskType, 6);
    const lines = await collect(c.exportDecisions(taskType));
    expect(lines.map((l) => l.decisionId).sort()).toEqual([...ids].sort());
    expect(lines.every((l) => l.taskType === taskType && typeof l.reward === 'number')).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await collect(c.exportDecisions(taskType, { since: future, until: future }))).toEqual([]);
  });

  it('grants a waiver, reports savings, retries the outbox and renders metrics', async () => {
    const c = client();
    const taskType = await createTaskType('client-ops', { budget: { dailyTokens: 1000 } });
    await serveAndLearn(c, taskType, 4);
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const granted = await c.addWaiver(taskType, { tokens: 500, reason: 'client test', expiresAt });
    expect(granted.waiver).toMatchObject({ tokens: 500, reason: 'client test' });
    expect(granted.budget.limitTokens).toBe(1500);
    const savings = await c.savings(taskType);
    expect(savings).toMatchObject({ taskType, n: 4, baselineArmId: 'base' });
    expect(await c.retryOutbox(taskType)).toMatchObject({ taskType, retried: 0 });
    let text = '';
    for (let i = 0; i < 50 && !text.includes(`task_type="${taskType}"`); i++) {
      text = await c.metrics();
      await sleep(100);
    }
    expect(text).toMatch(/^# (HELP|TYPE) tuneloop_/m);
    expect(text).toContain(`tuneloop_outcomes_total{task_type="${taskType}"} 4`);
  });

  it('creates, lists, rotates and revokes keys, never listing a secret', async () => {
    const c = client();
    const created = await c.createApiKey({ name: 'client-reader', scopes: ['read'] });
    expect(created).toMatchObject({ name: 'client-reader', scopes: ['read'] });
    expect((await client(created.key).listTaskTypes()).taskTypes).toBeInstanceOf(Array);
    const { keys } = await c.listApiKeys();
    const listed = keys.find((k) => k.id === created.id)!;
    expect(listed).toMatchObject({ name: 'client-reader', scopes: ['read'] });
    expect(JSON.stringify(keys)).not.toContain(created.key);
    const rotated = await c.rotateApiKey(created.id, { graceSeconds: 0 });
    expect(rotated.id).toBe(created.id);
    expect((await client(rotated.key).listTaskTypes()).taskTypes).toBeInstanceOf(Array);
    expect(await c.revokeApiKey(created.id)).toMatchObject({ id: created.id, revoked: true });
    await sleep(1100); // the test config caches verified keys for 1 s
    const refused = await client(rotated.key)
      .listTaskTypes()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TuneloopError);
    expect((refused as TuneloopError).status).toBe(401);
  });
});

describe('TuneloopClient.exportDecisions streams', () => {
  const line = (i: number) => `${JSON.stringify({ decisionId: `d${i}`, reward: i })}\n`;
  const encoder = new TextEncoder();

  /** A fetch whose export body the test feeds chunk by chunk. */
  function controlledExport() {
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        feed = controller;
      },
      cancel: () => {
        cancelled = true;
      },
    });
    const fetch: FetchFn = async () =>
      new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
    return { fetch, feed: () => feed, cancelled: () => cancelled };
  }

  it('yields each line as it arrives, before the body ends, across chunk boundaries', async () => {
    const stream = controlledExport();
    const lines = client(ADMIN_KEY, stream.fetch).exportDecisions('t')[Symbol.asyncIterator]();
    const whole = line(1);
    stream.feed().enqueue(encoder.encode(whole.slice(0, 7))); // half a line: nothing yet
    const first = lines.next();
    stream.feed().enqueue(encoder.encode(whole.slice(7) + line(2).slice(0, 3)));
    expect(((await first).value as DecisionLogLine).decisionId).toBe('d1');
    const second = lines.next();
    stream.feed().enqueue(encoder.encode(line(2).slice(3)));
    expect(((await second).value as DecisionLogLine).decisionId).toBe('d2');
    stream.feed().close();
    expect((await lines.next()).done).toBe(true);
  });

  it('throws TuneloopNetworkError when the connection breaks part-way, never ending short', async () => {
    const stream = controlledExport();
    const lines = client(ADMIN_KEY, stream.fetch).exportDecisions('t')[Symbol.asyncIterator]();
    stream.feed().enqueue(encoder.encode(line(1)));
    expect(((await lines.next()).value as DecisionLogLine).decisionId).toBe('d1');
    stream.feed().error(new Error('connection reset'));
    await expect(lines.next()).rejects.toBeInstanceOf(TuneloopNetworkError);
  });

  it('cancels the body when the caller stops reading early', async () => {
    const stream = controlledExport();
    stream.feed().enqueue(encoder.encode(line(1) + line(2)));
    for await (const l of client(ADMIN_KEY, stream.fetch).exportDecisions('t')) {
      expect(l.decisionId).toBe('d1');
      break;
    }
    expect(stream.cancelled()).toBe(true);
  });
});
