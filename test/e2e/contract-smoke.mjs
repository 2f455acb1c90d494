#!/usr/bin/env node
// Contract smoke test: speaks only docs/api.md to a running tuneloop, as a new client would.
// Usage: BASE=http://127.0.0.1:8787 KEY=<ops key> node test/e2e/contract-smoke.mjs
// It is a quick conformance check, not a substitute for the project's own tests.
const base = process.env.BASE ?? 'http://127.0.0.1:8787';
const key = process.env.KEY;
if (!key) { console.error('set KEY to an ops key'); process.exit(2); }

let failures = 0, passes = 0;
const check = (ok, what) => { if (ok) passes++; else { failures++; console.log(`FAIL ${what}`); } };

async function call(method, path, body, { auth = key, raw = false } = {}) {
  const headers = auth ? { authorization: `Bearer ${auth}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
  const text = await res.text();
  let json; try { json = JSON.parse(text); } catch {}
  return { status: res.status, type: res.headers.get('content-type') ?? '', json, text };
}
const problem = (r) => r.type.includes('application/problem+json') && typeof r.json?.status === 'number';

const T = `smoke-${Date.now().toString(36)}`;
check((await call('GET', '/health', undefined, { auth: null })).status === 200, 'GET /health is 200 without a key');
const noKey = await call('GET', '/v1/task-types', undefined, { auth: null });
check(noKey.status === 401 && problem(noKey), 'no key → 401 problem+json');

const arm = (id, temperature, maxTokens) => ({ id, params: { model: 'm', temperature, maxTokens, topP: 1 } });
const created = await call('PUT', `/v1/task-types/${T}`, {
  baselineArmId: 'base', arms: [arm('base', 0.7, 800), arm('lower', 0.5, 800), arm('shorter', 0.7, 600)],
  policy: { kind: 'thompson-gaussian' }, rollout: { phase: 'general' },
});
check(created.status === 201, `PUT creates the task type → 201 (got ${created.status})`);

const rec = await call('POST', '/v1/recommend', { taskType: T, context: { promptTokens: 100 }, requestId: `${T}-r1` });
check(rec.status === 200, `recommend → 200 (got ${rec.status})`);
const d = rec.json ?? {};
for (const f of ['decisionId', 'armId', 'params', 'propensity', 'policyPropensity', 'share', 'served', 'phase', 'policyVersion']) {
  check(f in d, `recommend response has ${f}`);
}
check(d.propensity > 0 && d.propensity <= 1, 'propensity in (0, 1]');
const again = await call('POST', '/v1/recommend', { taskType: T, context: { promptTokens: 100 }, requestId: `${T}-r1` });
check(again.json?.decisionId === d.decisionId, 'same requestId → same decision');

const outcome = { decisionId: d.decisionId, quality: 0.8, latencyMs: 420, promptTokens: 100, completionTokens: 250, success: true };
const o1 = await call('POST', '/v1/outcomes', outcome);
check(o1.status === 200 && o1.json?.recorded === true, `outcome → 200 recorded (got ${o1.status})`);
const o2 = await call('POST', '/v1/outcomes', outcome);
check(o2.status === 200 && o2.json?.duplicate === true, 'same outcome again → 200 duplicate: true');
const o3 = await call('POST', '/v1/outcomes', { ...outcome, quality: 0.1 });
check(o3.status === 409 && problem(o3), 'different value for a set field → 409 problem+json');

const parts = await call('POST', '/v1/recommend', { taskType: T, context: {} });
const p1 = await call('POST', '/v1/outcomes', { decisionId: parts.json?.decisionId, latencyMs: 300, success: true });
const p2 = await call('POST', '/v1/outcomes', { decisionId: parts.json?.decisionId, quality: 0.6 });
check(p1.status === 200 && p2.status === 200, 'an outcome in two parts → 200, 200');

const batch = await call('POST', '/v1/outcomes', [{ decisionId: d.decisionId, quality: 0.8 }, { decisionId: 'not-issued-here', quality: 0.5 }]);
check(batch.status === 200 && Array.isArray(batch.json?.results) && batch.json.results.length === 2, 'outcome array → 200 with results in order');

for (const [what, method, path, body, raw, status] of [
  ['body that is not JSON', 'POST', '/v1/recommend', '{', true, 400],
  ['unknown task type', 'POST', '/v1/recommend', { taskType: 'no-such-type', context: {} }, false, 404],
  ['schema violation', 'POST', '/v1/outcomes', { decisionId: d.decisionId, quality: 'high' }, false, 422],
  ['unknown decision', 'POST', '/v1/outcomes', { decisionId: 'not-issued-here', quality: 0.5 }, false, 404],
  ['unknown route', 'GET', '/v1/nothing-here', undefined, false, 404],
  ['temperature over the hard limit', 'PUT', `/v1/task-types/${T}-bad`, { baselineArmId: 'base', arms: [arm('base', 0.7, 800), arm('hot', 2.5, 800)], policy: { kind: 'thompson-gaussian' } }, false, 422],
]) {
  const r = await call(method, path, body, { raw });
  check(r.status === status && problem(r), `${what} → ${status} problem+json (got ${r.status} ${r.type})`);
}

let lines = [];
for (let i = 0; i < 15; i++) {
  const exp = await call('GET', `/v1/task-types/${T}/decisions`);
  if (exp.status === 200) { lines = exp.text.split('\n').filter(Boolean).map((l) => JSON.parse(l)); if (lines.length >= 2) break; }
  await new Promise((r) => setTimeout(r, 1000));
}
check(lines.length === 2, `export holds both decisions (got ${lines.length})`);
const line = lines.find((l) => l.decisionId === d.decisionId);
check(line && line.reward !== null && typeof line.propensity === 'number' && line.context, 'export line carries reward, propensity, context');

console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
