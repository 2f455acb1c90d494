import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** A point in time: `timestamptz`, read as a Date. */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Every decision served: the durable log that offline evaluation and audits read.
 * Written only by the task type's Durable Object outbox (idempotent upserts by id).
 */
export const decisions = pgTable(
  'decisions',
  {
    decisionId: text('decision_id').primaryKey(),
    taskType: text('task_type').notNull(),
    timestamp: instant('ts').notNull(),
    requestId: text('request_id'),
    unitId: text('unit_id'),
    context: jsonb('context').notNull(),
    armId: text('arm_id').notNull(),
    params: jsonb('params').notNull(),
    /** behaviour probability b(a) */
    propensity: doublePrecision('propensity').notNull(),
    /** π(a) */
    policyPropensity: doublePrecision('policy_propensity').notNull(),
    share: doublePrecision('share').notNull(),
    served: text('served').notNull(),
    phase: text('phase').notNull(),
    policyVersion: text('policy_version').notNull(),
    shadow: jsonb('shadow'),
    /** null while no reward is known */
    reward: doublePrecision('reward'),
    /** how the choice was randomized: 'unit' | 'request' | 'fresh' (null for first-release rows) */
    randomization: text('randomization'),
    /** the call's cost in USD, null until known */
    costUsd: doublePrecision('cost_usd'),
    /** which life of the task type issued it: a PUT after an archive starts a new one */
    incarnation: integer('incarnation').notNull().default(1),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [index('decisions_task_type_ts').on(t.taskType, t.timestamp, t.decisionId)],
);

/** The outcome agents reported for a decision; fields arrive in parts, each set once. */
export const outcomes = pgTable('outcomes', {
  decisionId: text('decision_id')
    .primaryKey()
    .references(() => decisions.decisionId),
  taskType: text('task_type').notNull(),
  quality: doublePrecision('quality'),
  latencyMs: doublePrecision('latency_ms'),
  promptTokens: bigint('prompt_tokens', { mode: 'number' }),
  completionTokens: bigint('completion_tokens', { mode: 'number' }),
  success: boolean('success'),
  error: text('error'),
  reward: doublePrecision('reward'),
  /** USD: reported, or priced from the tokens */
  costUsd: doublePrecision('cost_usd'),
  updatedAt: instant('updated_at').notNull().default(sql`now()`),
});

/** A mirror of the key registry Durable Object (the source of truth), for reporting. */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull(),
  /** SHA-256 of the key, hex; the key itself is never stored */
  keyHash: text('key_hash').notNull().unique(),
  createdAt: instant('created_at').notNull(),
  revokedAt: instant('revoked_at'),
});

/**
 * The audit trail per task type: phase changes, config changes, waivers, breaches, budget
 * and drift events. Hash-chained: each event carries the hash of the previous one, so an
 * edited or deleted row is detectable (GET …/audit/verify).
 */
export const rolloutEvents = pgTable(
  'rollout_events',
  {
    eventId: text('event_id').primaryKey(),
    taskType: text('task_type').notNull(),
    /** position in the task type's chain, from 1 */
    seq: integer('seq').notNull(),
    at: instant('at').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    configVersion: integer('config_version').notNull(),
    policyVersion: text('policy_version').notNull(),
    /** metrics snapshot and event details */
    details: jsonb('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('rollout_events_task_type_seq').on(t.taskType, t.seq)],
);

/** Budget waivers granted by ops (also an audit event). */
export const budgetWaivers = pgTable('budget_waivers', {
  id: text('id').primaryKey(),
  taskType: text('task_type').notNull(),
  /** bigint: the waiver schema admits up to 1e12 tokens (a 32-bit column stopped the audit) */
  tokens: bigint('tokens', { mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  actor: text('actor').notNull(),
  createdAt: instant('created_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
});

/** One row per task type per SLO sweep: both cohorts' figures and the verdict. */
export const sloMetrics = pgTable(
  'slo_metrics',
  {
    id: text('id').primaryKey(),
    taskType: text('task_type').notNull(),
    at: instant('at').notNull(),
    phase: text('phase').notNull(),
    verdict: text('verdict').notNull(),
    treated: jsonb('treated').notNull(),
    control: jsonb('control').notNull(),
    details: jsonb('details').notNull(),
  },
  (t) => [index('slo_metrics_task_type_at').on(t.taskType, t.at)],
);

/** Offline evaluation reports (hourly cron or on demand). */
export const evaluationReports = pgTable(
  'evaluation_reports',
  {
    id: text('id').primaryKey(),
    taskType: text('task_type').notNull(),
    createdAt: instant('created_at').notNull(),
    windowSince: instant('window_since').notNull(),
    windowUntil: instant('window_until').notNull(),
    trigger: text('trigger').notNull(),
    configVersion: integer('config_version').notNull(),
    policyVersion: text('policy_version').notNull(),
    /** the report: estimates with intervals per policy, the paired difference, diagnostics */
    report: jsonb('report').notNull(),
  },
  (t) => [index('evaluation_reports_task_type_created').on(t.taskType, t.createdAt)],
);
