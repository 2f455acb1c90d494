import type { TaskTypeOptimizer } from '../../durable-objects/task-type-optimizer';

declare global {
  namespace Cloudflare {
    /** The bindings vitest.config.ts gives the Worker under test (a subset of functions/env.ts). */
    interface Env {
      TASK_TYPE_OPTIMIZER: DurableObjectNamespace<TaskTypeOptimizer>;
      DATABASE_URL?: string;
      NEON_WS_PROXY?: string;
      UPSTASH_REDIS_REST_URL?: string;
      /** the local Neon proxy's control endpoint, for Postgres fault injection */
      NEON_PROXY_CONTROL_URL: string;
      /** the test webhook receiver (test/workers/webhook-sink.mjs) */
      WEBHOOK_SINK_URL: string;
      ALERT_WEBHOOK_SECRET: string;
    }
  }
}
