import { describe, expect, it } from 'vitest';
import { call, createTaskType, isProblem } from './helpers';

// Prices of test/fixtures/routing/README.md's two models (USD per million tokens).
const PRICING = {
  'gpt-4-1106-preview': { inputUsdPerMTok: 10, outputUsdPerMTok: 30 },
  'mixtral-8x7b': { inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.6 },
};
const ROUTING_ARMS = [
  { id: 'gpt4', params: { model: 'gpt-4-1106-preview', temperature: 0, maxTokens: 16 } },
  { id: 'mixtral', params: { model: 'mixtral-8x7b', temperature: 0, maxTokens: 16 } },
];
const costOf = (armId: string, prompt: number, completion: number) => {
  const p = PRICING[armId === 'gpt4' ? 'gpt-4-1106-preview' : 'mixtral-8x7b'];
  return (prompt * p.inputUsdPerMTok + completion * p.outputUsdPerMTok) / 1e6;
};
const routingConfig = (overrides: Record<string, unknown> = {}) => ({
  baselineArmId: 'gpt4',
  arms: ROUTING_ARMS,
  pricing: PRICING,
  reward: { weights: { quality: 1, cost: 1 }, costRefUsd: 0.01 },
  ...overrides,
});

/**
 * A world where every arm's outcome of every request is known: request i has 100 + 7·(i mod 13)
 * prompt tokens; gpt4 is right unless i mod 5 = 0, mixtral unless i mod 3 = 0.
 */
const world = (i: number) => {
  const prompt = 100 + 7 * (i % 13);
  return {
    prompt,
    gpt4: { quality: i % 5 === 0 ? 0 : 1, completion: 4 },
    mixtral: { quality: i % 3 === 0 ? 0 : 1, completion: 6 },
  };
};

async function replay(taskType: string, n: number) {
  const served = { costUsd: 0, quality: 0 };
  let baselineCost = 0;
  let baselineQuality = 0;
  for (let i = 0; i < n; i++) {
    const d = (await call('POST', '/v1/recommend', { taskType, requestId: `r${i}` })).body;
    const w = world(i);
    const o = w[d.armId as 'gpt4' | 'mixtral'];
    const res = await call('POST', '/v1/outcomes', {
      decisionId: d.decisionId,
      quality: o.quality,
      promptTokens: w.prompt,
      completionTokens: o.completion,
      success: true,
    });
    expect(res.status).toBe(200);
    served.costUsd += costOf(d.armId, w.prompt, o.completion);
    served.quality += o.quality;
    baselineCost += costOf('gpt4', w.prompt, w.gpt4.completion);
    baselineQuality += w.gpt4.quality;
  }
  return { served, baselineCost, baselineQuality: baselineQuality / n };
}

describe('pricing and cost through the service', () => {
  it('refuses weights.cost > 0 with an unpriced model: 422 naming the arm and its model', async () => {
    const res = await call('PUT', '/v1/task-types/cost-unpriced', {
      ...routingConfig({ pricing: { 'gpt-4-1106-preview': PRICING['gpt-4-1106-preview'] } }),
      policy: { kind: 'thompson-gaussian' },
    });
    expect(res.status).toBe(422);
    expect(isProblem(res)).toBe(true);
    const violation = res.body.errors?.find((v: { path: string }) => v.path === '/arms/1/params/model');
    expect(violation?.message).toMatch(/arm 'mixtral'.*model 'mixtral-8x7b'/);
  });

  it('computes the reward once the cost is known, and shows meanCostUsd, the day’s cost and the export’s costUsd', async () => {
    const taskType = await createTaskType('cost', routingConfig({ policy: { kind: 'thompson-gaussian' } }));
    const d = (await call('POST', '/v1/recommend', { taskType })).body;
    const first = await call('POST', '/v1/outcomes', { decisionId: d.decisionId, quality: 1, success: true });
    expect(first.body.reward).toBeUndefined();
    const second = await call('POST', '/v1/outcomes', {
      decisionId: d.decisionId,
      promptTokens: 1000,
      completionTokens: 10,
    });
    const cost = costOf(d.armId, 1000, 10);
    expect(second.body.reward).toBeCloseTo(1 - cost / 0.01, 12);
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    expect(status.arms.find((a: { armId: string }) => a.armId === d.armId).meanCostUsd).toBeCloseTo(cost, 15);
    expect(status.costUsd).toBeCloseTo(cost, 15);
    const lines = (await call('GET', `/v1/task-types/${taskType}/decisions`)).text.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).costUsd).toBeCloseTo(cost, 15);
  });
});

describe('savings', () => {
  it('reports served figures exactly and covers the brute-force counterfactual of a fully known world', async () => {
    // ε = 1: every arm served with probability ½, so the baseline's counterfactual is identified.
    const taskType = await createTaskType(
      'savings',
      routingConfig({ policy: { kind: 'thompson-gaussian', epsilon: 1, draws: 10 } }),
    );
    const n = 120;
    const truth = await replay(taskType, n);
    const res = await call('GET', `/v1/task-types/${taskType}/savings`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ taskType, n, baselineArmId: 'gpt4', anytimeValid: true, verdict: null });
    expect(r.served.costUsd).toBeCloseTo(truth.served.costUsd, 12);
    expect(r.served.quality).toBeCloseTo(truth.served.quality / n, 12);
    expect(r.baseline.costUsd.low).toBeLessThanOrEqual(truth.baselineCost);
    expect(r.baseline.costUsd.high).toBeGreaterThanOrEqual(truth.baselineCost);
    expect(r.baseline.quality.low).toBeLessThanOrEqual(truth.baselineQuality);
    expect(r.baseline.quality.high).toBeGreaterThanOrEqual(truth.baselineQuality);
    expect(r.savedUsd.value).toBeCloseTo(r.baseline.costUsd.value - r.served.costUsd, 12);
    expect(r.savedShare).toBeCloseTo(r.savedUsd.value / r.baseline.costUsd.value, 12);
    expect(r.qualityDelta.value).toBeCloseTo(r.served.quality - r.baseline.quality.value, 12);
    // A chosen window is fixed-window, not anytime-valid.
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const custom = (await call('GET', `/v1/task-types/${taskType}/savings?since=${since}`)).body;
    expect(custom).toMatchObject({ n, anytimeValid: false });
  });

  it('says why when the log cannot support an estimate, and saves nothing in shadow', async () => {
    const never = await createTaskType(
      'savings-eps0',
      routingConfig({ policy: { kind: 'thompson-gaussian', epsilon: 0 } }),
    );
    await replay(never, 3);
    const r = (await call('GET', `/v1/task-types/${never}/savings`)).body;
    expect(r.savedUsd).toBeNull();
    expect(r.verdict).toMatch(/probability 0/);

    const shadow = await createTaskType(
      'savings-shadow',
      routingConfig({ policy: { kind: 'thompson-gaussian' }, rollout: { phase: 'shadow' } }),
    );
    const truth = await replay(shadow, 4);
    const s = (await call('GET', `/v1/task-types/${shadow}/savings`)).body;
    expect(s.savedUsd).toEqual({ value: 0, low: 0, high: 0 });
    expect(s.baseline.costUsd.value).toBeCloseTo(truth.baselineCost, 12);
  });
});

describe('warm start', () => {
  it('changes the arms’ statistics exactly, audits, leaves the log alone, and refuses a repeated source', async () => {
    const taskType = await createTaskType('warm', routingConfig({ policy: { kind: 'thompson-gaussian' } }));
    const outcomes = [
      { armId: 'mixtral', quality: 1, promptTokens: 100, completionTokens: 5 },
      { armId: 'mixtral', quality: 0, promptTokens: 100, completionTokens: 5 },
      { armId: 'gpt4', quality: 1, costUsd: 0.002 },
    ];
    const body = { source: 'offline eval 2026-11', weight: 0.5, outcomes };
    const res = await call('POST', `/v1/task-types/${taskType}/warm-start`, body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ applied: 3, perArm: { mixtral: 2, gpt4: 1 } });
    const status = (await call('GET', `/v1/task-types/${taskType}`)).body;
    const mixtral = status.arms.find((a: { armId: string }) => a.armId === 'mixtral');
    expect(mixtral.pulls).toBe(0);
    // rewards (the posterior's n) count each offline outcome at weight ½
    expect(mixtral.rewards).toBe(1);
    const c = costOf('mixtral', 100, 5) / 0.01;
    expect(mixtral.meanReward.mean).toBeLessThan(1 - c);
    expect(status.policyVersion).toBe('1.1');

    const again = await call('POST', `/v1/task-types/${taskType}/warm-start`, body);
    expect(again.status).toBe(409);
    const unknown = await call('POST', `/v1/task-types/${taskType}/warm-start`, {
      source: 'other',
      outcomes: [...outcomes, { armId: 'claude', quality: 1, costUsd: 0 }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('/outcomes/3/armId');

    const lines = (await call('GET', `/v1/task-types/${taskType}/decisions`)).text.trim();
    expect(lines).toBe('');
    const audit = (await call('GET', `/v1/task-types/${taskType}/audit`)).body.events;
    const event = audit.find((e: { kind: string }) => e.kind === 'warm-start');
    expect(event.details).toMatchObject({ source: 'offline eval 2026-11', weight: 0.5, applied: 3 });
  });
});

describe("costModel 'priced'", () => {
  // Both arms always right on short prompts: before cost they are equal, and so nearly are their rewards.
  const offline = (armId: string) =>
    Array.from({ length: 20 }, () => ({
      armId,
      context: {},
      quality: 1,
      promptTokens: 10,
      completionTokens: 1,
    }));
  const warmed = async (costModel: 'priced' | 'learned') => {
    const taskType = await createTaskType(
      `priced-${costModel}`,
      routingConfig({ policy: { kind: 'thompson-gaussian', epsilon: 0.02, costModel } }),
    );
    const res = await call('POST', `/v1/task-types/${taskType}/warm-start`, {
      source: 'offline',
      weight: 1,
      outcomes: [...offline('gpt4'), ...offline('mixtral')],
    });
    expect(res.status).toBe(200);
    return taskType;
  };

  it("prices the request's own prompt (context.promptTokens): a long prompt goes to the cheap arm", async () => {
    const taskType = await warmed('priced');
    // gpt4's cost term at 1,000 prompt tokens: 1000·10/10⁶/0.01 = 1.0; mixtral's 0.06.
    const d = (await call('POST', '/v1/recommend', { taskType, context: { promptTokens: 1000 } })).body;
    expect(d.armId).toBe('mixtral');
    // every draw prefers mixtral: π = 1 − ε/2 (the floor's share of gpt4 is ε/2)
    expect(d.policyPropensity).toBeCloseTo(0.99, 12);
    expect(d.policyInfo).toMatchObject({ kind: 'thompson-gaussian', epsilon: 0.02 });
  });

  it('a learned-cost policy with the same evidence ignores the prompt size: the cached draws serve', async () => {
    const taskType = await warmed('learned');
    const long = (await call('POST', '/v1/recommend', { taskType, context: { promptTokens: 1000 } })).body;
    const none = (await call('POST', '/v1/recommend', { taskType })).body;
    // One distribution over two arms for both requests: the same π for the same arm, else π's sum to 1.
    if (long.armId === none.armId) expect(long.policyPropensity).toBe(none.policyPropensity);
    else expect(long.policyPropensity + none.policyPropensity).toBeCloseTo(1, 12);
    // Nearly equal whole rewards: no arm near the priced policy's 0.99.
    expect(long.policyPropensity).toBeLessThan(0.97);
  });
});
