// Data for the browser tests: a task type that has learned something, one in shadow, and a
// contextual (LinUCB) one whose coefficients the feature-attribution panel shows.

const arm = (id, temperature, maxTokens = 800) => ({
  id,
  params: { model: 'gpt-4o-mini', temperature, maxTokens, topP: 1 },
});

/**
 * @param {string} baseUrl
 * @param {string} key an ops key
 * @returns {Promise<{ taskTypes: string[], learning: string, shadow: string, contextual: string }>}
 */
export async function seed(baseUrl, key) {
  const call = async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
  const learning = 'browser-learning';
  const shadow = 'browser-shadow';
  await call('PUT', `/v1/task-types/${learning}`, {
    baselineArmId: 'base',
    arms: [arm('base', 0.7), arm('cool', 0.5), arm('short', 0.7, 600)],
    policy: { kind: 'thompson-gaussian' },
    rollout: { phase: 'general' },
    budget: { dailyTokens: 1_000_000 },
    slo: { latencyP99Ms: 2000, qualityMin: 0.5 },
  });
  await call('PUT', `/v1/task-types/${shadow}`, {
    baselineArmId: 'base',
    arms: [arm('base', 0.7), arm('cool', 0.6)],
    policy: { kind: 'thompson-gaussian' },
    rollout: { phase: 'shadow' },
  });
  const contextual = 'browser-contextual';
  await call('PUT', `/v1/task-types/${contextual}`, {
    baselineArmId: 'base',
    arms: [arm('base', 0.7), arm('cool', 0.6)],
    policy: { kind: 'linucb' },
    features: [
      { name: 'promptTokens', kind: 'log' },
      { name: 'urgent', kind: 'bool' },
    ],
    rollout: { phase: 'general' },
  });
  const quality = { base: 0.7, cool: 0.85, short: 0.6 };
  for (const [taskType, n] of [
    [learning, 40],
    [shadow, 8],
    [contextual, 12],
  ]) {
    for (let i = 0; i < n; i += 1) {
      const context = taskType === contextual ? { promptTokens: 100 + 50 * i, urgent: i % 3 === 0 } : {};
      const d = await call('POST', '/v1/recommend', { taskType, context, seed: i });
      const q = Math.min(1, Math.max(0, (quality[d.armId] ?? 0.7) + ((i % 5) - 2) * 0.03));
      await call('POST', '/v1/outcomes', {
        decisionId: d.decisionId,
        quality: Number(q.toFixed(3)),
        latencyMs: 500 + 10 * i,
        promptTokens: 100,
        completionTokens: 300 + i,
        success: true,
      });
    }
  }
  return { taskTypes: [learning, shadow, contextual], learning, shadow, contextual };
}
