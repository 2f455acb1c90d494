import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, call, createTaskType } from './helpers';

// Property-based fuzzing of every route (issue 11, item 10): arbitrary JSON bodies and arbitrary
// ids, with and without a key. Whatever arrives, the answer is never a 5xx, and every 4xx is
// problem+json.
// Configs that pass the quality gates (validConfig below) draw their arm ids and feature names
// from Object.prototype's names too: they reach the object and create state under those names.

const BUILT_IN_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'prototype'];

let taskType = '';
let decisionId = '';

beforeAll(async () => {
  taskType = await createTaskType('fuzz');
  decisionId = (await call('POST', '/v1/recommend', { taskType, context: {} })).body.decisionId;
});

/** Ids: the real ones, built-in names, names the pattern admits, and anything at all. */
const id = () =>
  fc.oneof(
    fc.constantFrom(taskType, decisionId, ...BUILT_IN_NAMES),
    fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/),
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );

const contextValue = fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.string(), fc.array(fc.string()));
const context = fc.dictionary(fc.oneof(fc.constantFrom(...BUILT_IN_NAMES), fc.string()), contextValue, {
  maxKeys: 8,
});

/** A config the quality gates accept, with arbitrary names: it reaches the object and creates state. */
const configName = () =>
  fc.oneof(
    fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'prototype'),
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
  );
const validConfig = () =>
  fc
    .record({
      armIds: fc.uniqueArray(configName(), { minLength: 1, maxLength: 3 }),
      temperatures: fc.array(fc.double({ min: 0.5, max: 0.7, noNaN: true }), { minLength: 3, maxLength: 3 }),
      features: fc.uniqueArray(
        fc.record({
          name: configName(),
          kind: fc.constantFrom('numeric', 'log', 'bool', 'category', 'tags'),
        }),
        { maxLength: 3, selector: (f) => f.name },
      ),
      policy: fc.constantFrom('thompson-gaussian', 'linucb', 'linear-thompson'),
    })
    .map(({ armIds, temperatures, features, policy }) => ({
      baselineArmId: armIds[0],
      arms: armIds.map((armId, i) => ({
        id: armId,
        params: { model: 'gpt-4o-mini', temperature: temperatures[i], maxTokens: 800, topP: 1 },
      })),
      policy: { kind: policy },
      features,
      rollout: { phase: 'general' },
    }));

/** Bodies close to valid (so they reach the Durable Objects) and arbitrary JSON. */
const body = () =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 5 }),
    validConfig(),
    fc.record({ taskType: id(), context, requestId: fc.option(fc.string()), seed: fc.option(fc.integer()) }),
    fc.record({ decisionId: id(), quality: fc.double(), latencyMs: fc.double(), success: fc.boolean() }),
    fc.array(fc.record({ decisionId: id(), quality: fc.double({ min: 0, max: 1, noNaN: true }) }), {
      maxLength: 5,
    }),
    fc.record({
      baselineArmId: id(),
      arms: fc.array(
        fc.record({
          id: id(),
          params: fc.record({ model: fc.string(), temperature: fc.double(), maxTokens: fc.integer() }),
        }),
        { maxLength: 3 },
      ),
      policy: fc.record({ kind: fc.constantFrom('thompson-gaussian', 'linucb', 'linear-thompson') }),
      features: fc.array(
        fc.record({ name: id(), kind: fc.constantFrom('numeric', 'log', 'bool', 'category', 'tags') }),
        {
          maxLength: 3,
        },
      ),
    }),
    fc.record({ action: fc.string(), reason: fc.string() }),
    fc.record({ tokens: fc.double(), reason: fc.string(), expiresAt: fc.string() }),
  );

type Route = [method: string, path: (id: string) => string, hasBody: boolean];
const enc = encodeURIComponent;
const ROUTES: Route[] = [
  ['PUT', (t) => `/v1/task-types/${enc(t)}`, true],
  ['GET', (t) => `/v1/task-types/${enc(t)}`, false],
  ['GET', () => '/v1/task-types', false],
  ['GET', (t) => `/v1/task-types/${enc(t)}/decisions?since=${enc(t)}`, false],
  ['GET', (t) => `/v1/task-types/${enc(t)}/decisions`, false],
  ['GET', (t) => `/v1/task-types/${enc(t)}/audit`, false],
  ['GET', (t) => `/v1/task-types/${enc(t)}/audit/verify`, false],
  ['GET', (t) => `/v1/task-types/${enc(t)}/evaluations`, false],
  ['POST', (t) => `/v1/task-types/${enc(t)}/evaluations`, true],
  ['POST', (t) => `/v1/task-types/${enc(t)}/rollout`, true],
  ['POST', (t) => `/v1/task-types/${enc(t)}/budget/waivers`, true],
  ['POST', () => '/v1/recommend', true],
  ['POST', () => '/v1/outcomes', true],
  ['POST', () => '/v1/api-keys', true],
  ['DELETE', (k) => `/v1/api-keys/${enc(k)}`, false],
  ['GET', () => '/v1/kill-switch', false],
  ['GET', () => '/health', false],
  ['GET', (t) => `/${enc(t)}`, false],
];

async function send(method: string, path: string, payload: string | undefined, key: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await SELF.fetch(`http://tuneloop.test${path}`, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

function expectSound(r: { status: number; type: string; text: string }, what: string) {
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
  if (r.status >= 400) {
    expect(r.type, what).toContain('application/problem+json');
    const problem = JSON.parse(r.text);
    expect(problem.status, what).toBe(r.status);
    expect(typeof problem.title, what).toBe('string');
  }
}

describe('fuzzing every route', () => {
  it('never answers 5xx, and every 4xx is problem+json, for arbitrary ids and JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        id(),
        body(),
        fc.constantFrom<string | null>(ADMIN_KEY, null, 'not-a-key'),
        async ([method, path, hasBody], anId, payload, key) => {
          const url = path(anId);
          const sent = hasBody ? JSON.stringify(payload) : undefined;
          expectSound(await send(method, url, sent, key), `${method} ${url} ${sent?.slice(0, 200)}`);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('never answers 5xx when a task type with arbitrary names is created, served and read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,30}$/),
        validConfig(),
        context,
        async (name, config, ctx) => {
          const put = await send('PUT', `/v1/task-types/${name}`, JSON.stringify(config), ADMIN_KEY);
          expectSound(put, `PUT ${name} ${JSON.stringify(config)}`);
          const served = await send(
            'POST',
            '/v1/recommend',
            JSON.stringify({ taskType: name, context: ctx }),
            ADMIN_KEY,
          );
          expectSound(served, `recommend ${name} ${JSON.stringify(ctx)}`);
          if (served.status === 200) {
            const { decisionId: issued } = JSON.parse(served.text);
            const outcome = JSON.stringify({ decisionId: issued, quality: 0.5, latencyMs: 10 });
            expectSound(await send('POST', '/v1/outcomes', outcome, ADMIN_KEY), `outcome ${issued}`);
          }
          expectSound(await send('GET', `/v1/task-types/${name}`, undefined, ADMIN_KEY), `GET ${name}`);
        },
      ),
      { numRuns: 25 },
    );
    expectSound(await send('GET', '/v1/task-types', undefined, ADMIN_KEY), 'GET /v1/task-types');
  });

  it('never answers 5xx to bodies that are not JSON, or are JSON nested too deep', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.integer({ min: 1, max: 20_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
      fc.integer({ min: 1, max: 20_000 }).map((d) => `{"context":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`),
    );
    const writes = ROUTES.filter(([, , hasBody]) => hasBody);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), bodies, async ([method, path], text) => {
        expectSound(await send(method, path(taskType), text, ADMIN_KEY), `${method} ${path(taskType)}`);
      }),
      { numRuns: 100 },
    );
  });
});
