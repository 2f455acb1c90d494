import { createApp } from './app';
import { runOfflineEvaluations } from './cron/offline-evaluation';
import type { Env } from './env';

export { BenchNoop } from '../durable-objects/bench-noop';
export { KeyRegistry } from '../durable-objects/key-registry';
export { TaskTypeDirectory } from '../durable-objects/task-type-directory';
export { TaskTypeOptimizer } from '../durable-objects/task-type-optimizer';

const app = createApp();

/** wrangler.toml [triggers]: the hourly offline evaluation. */
const OFFLINE_EVALUATION_CRON = '0 * * * *';

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    if (controller.cron === OFFLINE_EVALUATION_CRON) ctx.waitUntil(runOfflineEvaluations(env));
  },
} satisfies ExportedHandler<Env>;
