// A closed-loop load generator: `connections` clients each send the next request as soon
// as the previous answer arrives, for `durationMs`. Latency is measured per request.

/**
 * @param {{ durationMs: number, connections: number, request: (i: number) => Promise<Response> }} options
 * @returns {Promise<{ count: number, errors: number, perSecond: number, p50Ms: number, p99Ms: number, meanMs: number }>}
 */
export async function runLoad({ durationMs, connections, request }) {
  const latencies = [];
  let errors = 0;
  let issued = 0;
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  const client = async () => {
    while (performance.now() < deadline) {
      const i = issued++;
      const t0 = performance.now();
      try {
        const res = await request(i);
        await res.arrayBuffer();
        if (!res.ok) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    count: latencies.length,
    errors,
    perSecond: latencies.length / elapsedS,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    meanMs: latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length),
  };
}
