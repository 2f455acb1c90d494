import { createApp } from './app';
import type { Env } from './env';

export { BenchNoop } from '../durable-objects/bench-noop';
export { KeyRegistry } from '../durable-objects/key-registry';
export { TaskTypeDirectory } from '../durable-objects/task-type-directory';
export { TaskTypeOptimizer } from '../durable-objects/task-type-optimizer';

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, _env, _ctx) {
    // SLO sweep and offline evaluation land with their issues (rollout, offline evaluation).
  },
} satisfies ExportedHandler<Env>;
