import type { Api } from '../../api';

/** Internal routes (benchmarks) live under this prefix and stay out of the API document. */
export const INTERNAL_PREFIX = '/__';

/**
 * `POST /__bench/noop`: a bare route calling a no-op Durable Object, the baseline the
 * benchmark compares recommend and outcomes against. Only answers when BENCH_ROUTES=1.
 */
export function registerBenchBaseline(app: Api) {
  app.post(`${INTERNAL_PREFIX}bench/noop`, async (c) => {
    if (c.env.BENCH_ROUTES !== '1') return c.notFound();
    return c.json(await c.env.BENCH_NOOP.getByName('noop').ping());
  });
}
