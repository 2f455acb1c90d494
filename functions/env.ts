import type { BenchNoop } from '../durable-objects/bench-noop';
import type { KeyRegistry } from '../durable-objects/key-registry';
import type { TaskTypeDirectory } from '../durable-objects/task-type-directory';
import type { TaskTypeOptimizer } from '../durable-objects/task-type-optimizer';
import type { DecisionIdKeyEnv } from './forged-ids';

/** The Worker's bindings (wrangler.toml, secrets, and `npm start`'s --var flags). */
export interface Env extends DecisionIdKeyEnv {
  TASK_TYPE_OPTIMIZER: DurableObjectNamespace<TaskTypeOptimizer>;
  KEY_REGISTRY: DurableObjectNamespace<KeyRegistry>;
  TASK_TYPE_DIRECTORY: DurableObjectNamespace<TaskTypeDirectory>;
  /** the benchmark's baseline (durable-objects/bench-noop.ts) */
  BENCH_NOOP: DurableObjectNamespace<BenchNoop>;
  /** '1' mounts POST /__bench/noop */
  BENCH_ROUTES?: string;
  /** Postgres connection string; unset ⇒ decisions wait in the outbox */
  DATABASE_URL?: string;
  /** `host:port/v1` of the local Neon WebSocket proxy (development and tests only) */
  NEON_WS_PROXY?: string;
  /** Slack-compatible webhook for critical events and warnings (at least once; `eventId` to drop repeats) */
  ALERT_WEBHOOK_URL?: string;
  /** when set, alerts carry `X-Tuneloop-Signature: t=…,v1=<HMAC-SHA256>` (API.md second release) */
  ALERT_WEBHOOK_SECRET?: string;
  /** '1' makes every task type serve its baseline (emergency stop at deploy time) */
  TUNELOOP_KILL_SWITCH?: string;
  /** bootstrap ops key, always accepted */
  TUNELOOP_ADMIN_KEY?: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  /** bytes; default 1 MiB */
  MAX_BODY_BYTES?: string;
  RATE_LIMIT_PER_MINUTE?: string;
  /** 'open' (default) or 'closed' when Redis cannot be reached */
  RATE_LIMIT_FAILURE_MODE?: string;
  /** how long an isolate caches a verified key, ms; capped at 60 000 */
  KEY_CACHE_MS?: string;
  /** outbox flush delay after a write, ms (default 250): batches writes into fewer round trips */
  OUTBOX_FLUSH_DELAY_MS?: string;
}
