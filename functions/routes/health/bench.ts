import type { Hono } from 'hono';
import type { AppEnv } from '../../app-env';

/**
 * `POST /__bench/noop`: a bare route calling a no-op Durable Object, the baseline the
 * benchmark compares recommend and outcomes against. Only mounted when BENCH_ROUTES=1.
 */
export function registerBenchBaseline(app: Hono<AppEnv>) {
  app.post('/__bench/noop', async (c) => {
    if (c.env.BENCH_ROUTES !== '1') return c.notFound();
    return c.json(await c.env.BENCH_NOOP.getByName('noop').ping());
  });
}
