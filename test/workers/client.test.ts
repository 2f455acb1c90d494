import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { TuneloopClient, TuneloopError, TuneloopNetworkError } from '../../src/client';
import { backoffMs, DEFAULT_RETRY, parseRetryAfter } from '../../src/client/retry';
import { ADMIN_KEY, call, createTaskType } from './helpers';

type FetchFn = (request: Request) => Promise<Response>;
const service: FetchFn = (request) => SELF.fetch(request);

/** A client against the Worker under test; sleeps are recorded, not waited. */
function client(fetch: FetchFn = service) {
  const waits: number[] = [];
  const c = new TuneloopClient({
    baseUrl: 'http://tuneloop.test/',
    apiKey: ADMIN_KEY,
    fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  });
  return { c, waits };
}

/** Answers `failures` times with `status` (or throws, for 'network'), then passes through. */
function flaky(failures: number, status: number | 'network', headers: Record<string, string> = {}) {
  let calls = 0;
  const fetch: FetchFn = async (request) => {
    calls += 1;
    if (calls <= failures) {
      if (status === 'network') throw new TypeError('fetch failed');
      return new Response(
        JSON.stringify({ type: 'x', title: 'Unavailable', status, detail: 'try again', requestId: 'r' }),
        {
          status,
          headers: { 'content-type': 'application/problem+json', ...headers },
        },
      );
    }
    return SELF.fetch(request);
  };
  return { fetch, calls: () => calls };
}

const arm = (status: any, armId: string) => status.arms.find((a: { armId: string }) => a.armId === armId);

describe('TuneloopClient.withTuning against the service', () => {
  it('asks, runs the call with the params, and records latency, tokens, success and quality', async () => {
    const taskType = await createTaskType('client-ok');
    const { c } = client();
    let seen: any = null;
    const result = await c.withTuning(
      taskType,
      { promptTokens: 120 },
      async (params, decision) => {
        seen = { params, decision };
        return { text: 'LGTM', usage: { prompt: 120, completion: 40 } };
      },
      {
        quality: (r) => (r.text === 'LGTM' ? 0.9 : 0),
        tokens: (r) => ({ promptTokens: r.usage.prompt, completionTokens: r.usage.completion }),
      },
    );
    expect(result.text).toBe('LGTM');
    expect(seen.params).toEqual(seen.decision.params);
    expect(typeof seen.params.temperature).toBe('number');

    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    const served = arm(status, seen.decision.armId);
    expect(served).toMatchObject({ pulls: 1, rewards: 1, meanQuality: 0.9, meanTokens: 160, errorRate: 0 });
    expect(served.meanLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('records success false with the error when the call throws, and rethrows it', async () => {
    const taskType = await createTaskType('client-throw');
    const { c } = client();
    let armId = '';
    const boom = new Error('provider said 500');
    await expect(
      c.withTuning(taskType, {}, async (_params, decision) => {
        armId = decision!.armId;
        throw boom;
      }),
    ).rejects.toBe(boom);
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(arm(status, armId)).toMatchObject({ pulls: 1, errorRate: 1 });
  });

  it('runs with fallbackParams, recording nothing, when tuneloop cannot answer', async () => {
    const { c } = client();
    const fallback = { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 800 };
    const seen = await c.withTuning(
      'no-such-task-type',
      {},
      async (params, decision) => ({ params, decision }),
      {
        fallbackParams: fallback,
      },
    );
    expect(seen).toEqual({ params: fallback, decision: null });
    await expect(c.withTuning('no-such-task-type', {}, async () => 1)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps the call result when the outcome cannot be recorded, and reports it', async () => {
    const taskType = await createTaskType('client-record-fail');
    let posts = 0;
    const { c } = client(async (request) => {
      if (new URL(request.url).pathname === '/v1/outcomes') {
        posts += 1;
        return new Response('down', { status: 503 });
      }
      return SELF.fetch(request);
    });
    const reported: unknown[] = [];
    const result = await c.withTuning(taskType, {}, async () => 'ok', {
      onRecordError: (error) => reported.push(error),
    });
    expect(result).toBe('ok');
    expect(posts).toBe(DEFAULT_RETRY.attempts);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(TuneloopError);
  });
});

describe('TuneloopClient.recordOutcome retries', () => {
  async function decision(taskType: string) {
    return (await client().c.recommend({ taskType, context: {} })).decisionId;
  }

  it('retries 503 with backoff and 429 after Retry-After, then records once', async () => {
    const taskType = await createTaskType('client-retry');
    const decisionId = await decision(taskType);
    const unavailable = flaky(2, 503);
    const { c, waits } = client(unavailable.fetch);
    expect(await c.recordOutcome({ decisionId, latencyMs: 10, success: true, quality: 0.5 })).toMatchObject({
      recorded: true,
    });
    expect(unavailable.calls()).toBe(3);
    // equal jitter with random 0.5: 3/4 of 200 ms, then of 400 ms
    expect(waits).toEqual([150, 300]);

    const limited = flaky(1, 429, { 'retry-after': '2' });
    const second = client(limited.fetch);
    const again = await second.c.recordOutcome({ decisionId, latencyMs: 10, success: true, quality: 0.5 });
    expect(again).toMatchObject({ recorded: true, duplicate: true });
    expect(second.waits).toEqual([2000]);
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.arms.reduce((n: number, a: { rewards: number }) => n + a.rewards, 0)).toBe(1);
  });

  it('retries network errors', async () => {
    const taskType = await createTaskType('client-net');
    const decisionId = await decision(taskType);
    const down = flaky(3, 'network');
    const { c } = client(down.fetch);
    expect(await c.recordOutcome({ decisionId, success: true, quality: 1 })).toMatchObject({
      recorded: true,
    });
    expect(down.calls()).toBe(4);
  });

  it('gives up after the attempts with the last error, and never retries a 4xx', async () => {
    const down = flaky(100, 'network');
    await expect(
      client(down.fetch).c.recordOutcome({ decisionId: 'x', success: true }),
    ).rejects.toBeInstanceOf(TuneloopNetworkError);
    expect(down.calls()).toBe(DEFAULT_RETRY.attempts);

    const { c, waits } = client();
    const error = await c.recordOutcome({ decisionId: 'unknown-decision', success: true }).catch((e) => e);
    expect(error).toBeInstanceOf(TuneloopError);
    expect(error.status).toBe(404);
    expect(error.problem.requestId).toBeTruthy();
    expect(waits).toEqual([]);
  });

  it('does not retry a recommend without a requestId (it is not idempotent)', async () => {
    const taskType = await createTaskType('client-rec');
    const once = flaky(1, 503);
    await expect(client(once.fetch).c.recommend({ taskType })).rejects.toMatchObject({ status: 503 });
    expect(once.calls()).toBe(1);
    const keyed = flaky(1, 503);
    const reply = await client(keyed.fetch).c.recommend({ taskType, requestId: 'req-1' });
    expect(reply.taskType).toBe(taskType);
    expect(keyed.calls()).toBe(2);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, honours Retry-After up to the cap', () => {
    const r = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((a) => backoffMs(a, r, 0, null))).toEqual([50, 100, 200, 400, 500]);
    expect(backoffMs(0, r, 0.999999, null)).toBeCloseTo(100, 3);
    expect(backoffMs(0, r, 0, 30_000)).toBe(1000);
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});

describe('the client around the core API', () => {
  it('dry-runs, archives, lists archived task types, lists and rotates keys', async () => {
    const { c } = client();
    const taskType = await createTaskType('client-ops');
    const status = await c.getTaskType(taskType);
    const judged = await c.dryRunTaskType(taskType, status.config as never);
    expect(judged).toMatchObject({ valid: true, currentVersion: 1, changes: [] });
    const archived = await c.archiveTaskType(taskType);
    expect(archived).toMatchObject({ taskType, archived: true });
    const list = await c.listArchivedTaskTypes();
    expect(list.taskTypes.map((t) => t.taskType)).toContain(taskType);

    const created = await call('POST', '/v1/api-keys', { name: 'client-rotated', scopes: ['read'] });
    const rotated = await c.rotateApiKey(created.body.id, { graceSeconds: 60 });
    expect(rotated.id).toBe(created.body.id);
    const keys = await c.listApiKeys();
    expect(keys.keys.find((k) => k.id === created.body.id)?.previousValidUntil).toBe(
      rotated.previousValidUntil,
    );
    expect(JSON.stringify(keys)).not.toContain(rotated.key);
  });
});
