// The faults bench's agents: each iteration is what an agent does per LLM call — a recommend
// (task type, context, a unique requestId, a sticky unitId) and then the outcome of the decision
// it got. Iterations start on a fixed schedule (the target rate, 2 requests each), at most
// `connections` at a time. Every request is filed under the phase it started in.

/**
 * @typedef {{ count: number, byStatus: Record<string, number>, latencies: number[], recommendLatencies: number[] }} PhaseStats
 */

/**
 * @param {{ base: string, key: string, taskTypes: string[], requestsPerSecond: number,
 *   connections: number, phaseOf: () => string, label: string }} options label: the request ids'
 *   prefix (one per run of agents: the same request id would be the same decision)
 */
export function startAgents({ base, key, taskTypes, requestsPerSecond, connections, phaseOf, label }) {
  /** @type {Map<string, PhaseStats>} */
  const phases = new Map();
  /** decision ids the agents were served (200 from recommend) */
  const served = [];
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  let stopping = false;
  let next = 0;
  const t0 = performance.now();
  const intervalMs = 2000 / requestsPerSecond;

  /** One timed request; resolves with its JSON body on 200, else null. */
  const call = async (
    /** @type {string} */ path,
    /** @type {unknown} */ body,
    /** @type {boolean} */ isRecommend,
  ) => {
    const phase = phaseOf();
    const started = performance.now();
    let status = 'network';
    let json = null;
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      status = String(res.status);
      const text = await res.text();
      if (res.ok) json = JSON.parse(text);
    } catch {}
    const ms = performance.now() - started;
    const stats = phases.get(phase) ?? { count: 0, byStatus: {}, latencies: [], recommendLatencies: [] };
    phases.set(phase, stats);
    stats.count += 1;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    stats.latencies.push(ms);
    if (isRecommend) stats.recommendLatencies.push(ms);
    return json;
  };

  /** An agent's call: recommend, then the outcome of what it was served. */
  const iteration = async (/** @type {number} */ i, /** @type {string | undefined} */ requestId) => {
    const decision = await call(
      '/v1/recommend',
      {
        taskType: taskTypes[i % taskTypes.length],
        context: { promptTokens: 100 + (i % 400), riskTier: i % 4, lang: i % 3 ? 'en' : 'de' },
        requestId: requestId ?? `${label}-${i}`,
        unitId: `unit-${i % 97}`,
      },
      true,
    );
    if (!decision) return undefined;
    served.push(decision.decisionId);
    await call(
      '/v1/outcomes',
      {
        decisionId: decision.decisionId,
        quality: ((i * 37) % 100) / 100,
        latencyMs: 200 + ((i * 13) % 900),
        promptTokens: 100 + (i % 400),
        completionTokens: 50 + (i % 300),
        success: i % 17 !== 0,
      },
      false,
    );
    return /** @type {string} */ (decision.decisionId);
  };

  const agent = async () => {
    while (!stopping) {
      const i = next++;
      const wait = t0 + i * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopping) return;
      await iteration(i);
    }
  };
  const running = Promise.all(Array.from({ length: connections }, agent));

  return {
    phases,
    served,
    /** One extra iteration with a chosen request id (the bench's refused row). */
    once: (/** @type {string} */ requestId) => iteration(next++, requestId),
    async stop() {
      stopping = true;
      await running;
    },
  };
}

/** @param {number[]} values @param {number} q */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
