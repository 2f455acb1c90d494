import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * Every decision served: the durable log that offline evaluation and audits read.
 * Written only by the task type's Durable Object outbox (idempotent upserts by id).
 */
export const decisions = pgTable(
  'decisions',
  {
    decisionId: text('decision_id').primaryKey(),
    taskType: text('task_type').notNull(),
    timestamp: timestamp('ts', { withTimezone: true, mode: 'date' }).notNull(),
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
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
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
  promptTokens: integer('prompt_tokens'),
  completionTokens: integer('completion_tokens'),
  success: boolean('success'),
  error: text('error'),
  reward: doublePrecision('reward'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
});

/** A mirror of the key registry Durable Object (the source of truth), for reporting. */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull(),
  /** SHA-256 of the key, hex; the key itself is never stored */
  keyHash: text('key_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});
