import { createApp } from './app';
import { runOfflineEvaluations } from './cron/offline-evaluation';
import { runSloSweep } from './cron/slo-sweep';
import type { Env } from './env';

export { BenchNoop } from '../durable-objects/bench-noop';
export { KeyRegistry } from '../durable-objects/key-registry';
export { TaskTypeDirectory } from '../durable-objects/task-type-directory';
export { TaskTypeOptimizer } from '../durable-objects/task-type-optimizer';

const app = createApp();

/** wrangler.toml [triggers]: the hourly offline evaluation and the SLO sweep every minute. */
const OFFLINE_EVALUATION_CRON = '0 * * * *';
const SLO_SWEEP_CRON = '* * * * *';

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    if (controller.cron === OFFLINE_EVALUATION_CRON) ctx.waitUntil(runOfflineEvaluations(env));
    if (controller.cron === SLO_SWEEP_CRON) ctx.waitUntil(runSloSweep(env));
  },
} satisfies ExportedHandler<Env>;
