import { z } from 'zod';
import { Phase } from '../contract/decision-log';
import { TaskTypeConfig } from '../contract/task-type';
import type { BudgetLedger, Waiver } from '../guards/token-budget';
import type { PolicyState } from '../optimizer/policy-state';
import type { DriftWindows, LatestEvaluation, PhaseSnapshot } from '../optimizer/task-type-state';
import type { LinearState } from '../policies/linear-state';
import { migrateStoredConfig } from '../policies/migrate-stored-config';
import { RULE_IDS } from '../rollout/breach-rules';
import type { RolloutState } from '../rollout/phase-machine';
import type { GuardState } from '../rollout/slo-guard';
import type { SloWindow } from '../rollout/slo-window';
import { sloWindowFromJson, sloWindowToJson } from '../rollout/slo-window-codec';
import { ArmStatsJson } from './arm-stats-json';

/**
 * One key of a Durable Object's `meta` table, declared once with how it is read back:
 * `decode` returns null for a value it cannot use (the reader then starts afresh) and
 * throws for one that must not be silently dropped.
 */
export interface MetaKey<T> {
  name: string;
  encode(value: T): unknown;
  decode(json: unknown): T | null;
}

/** A key checked by a zod schema: a stored value that fails it is an error, never a silent reset. */
function checked<T>(name: string, schema: z.ZodType<T>): MetaKey<T> {
  return {
    name,
    encode: (value) => value,
    decode: (json) => {
      const parsed = schema.safeParse(json);
      if (parsed.success) return parsed.data;
      throw new Error(`stored meta '${name}' does not match its schema: ${parsed.error.message}`);
    },
  };
}

/** The stored config. Where a config schema change needs a migration of stored configs, it goes here. */
export const StoredConfig: z.ZodType<TaskTypeConfig> = z.preprocess(migrateStoredConfig, TaskTypeConfig);

const LinearStateJson: z.ZodType<LinearState> = z.object({
  dimension: z.number().int(),
  lambda: z.number(),
  arms: z.array(
    z.object({
      a: z.array(z.number()),
      b: z.array(z.number()),
      n: z.number(),
      aInverse: z.array(z.number()),
      sinceRebuild: z.number(),
    }),
  ),
});

const PolicyStateJson: z.ZodType<PolicyState> = z.object({
  taskType: z.string(),
  config: StoredConfig,
  configVersion: z.number().int(),
  revision: z.number().int(),
  arms: z.record(z.string(), ArmStatsJson),
  linear: LinearStateJson.nullable(),
  armSince: z.record(z.string(), z.number()),
});

const RolloutStateJson: z.ZodType<RolloutState> = z.object({
  phase: Phase,
  frozen: z.boolean(),
  frozenReason: z.enum(['paused', 'breach', 'drift']).nullable(),
  frozenDetail: z.string().nullable(),
  phaseStartedAtMs: z.number(),
  previousPhase: Phase.nullable(),
  phasePolicyVersion: z.string().nullable(),
});

const Look = z.object({ segment: z.number(), epoch: z.number(), ordinal: z.number() });
const GuardStateJson: z.ZodType<GuardState> = z.object({
  segment: z.number(),
  oldestDataMs: z.number().nullable(),
  looks: z.partialRecord(z.enum(RULE_IDS), Look),
});

const HistogramJson = z.object({ edges: z.array(z.number()), counts: z.array(z.number()) });
const DriftJson: z.ZodType<DriftWindows> = z.object({
  reference: z.record(z.string(), HistogramJson).nullable(),
  recent: z.record(z.string(), HistogramJson),
});

const LedgerJson: z.ZodType<BudgetLedger> = z.object({
  day: z.string(),
  spentTokens: z.number(),
  warnedDay: z.string().nullable(),
  exhaustedDay: z.string().nullable(),
});

const WaiverJson: z.ZodType<Waiver> = z.object({
  id: z.string(),
  tokens: z.number(),
  reason: z.string(),
  actor: z.string(),
  createdAtMs: z.number(),
  expiresAtMs: z.number(),
});

const LatestEvaluationJson: z.ZodType<LatestEvaluation> = z.object({
  reportId: z.string(),
  createdAtMs: z.number(),
  n: z.number(),
  policyVersion: z.string(),
  gateLowerBound: z.number().nullable(),
});

const PhaseSnapshotJson: z.ZodType<PhaseSnapshot> = z.object({
  startedAtMs: z.number(),
  state: PolicyStateJson,
});

const sloWindowKey: MetaKey<SloWindow> = {
  name: 'sloWindow',
  encode: sloWindowToJson,
  // An unreadable window is dropped: the guard starts a fresh one, as after a reset.
  decode: sloWindowFromJson,
};

/** Every key of a task type's `meta` table. */
export const META = {
  schemaVersion: checked('schemaVersion', z.number().int()),
  taskType: checked('taskType', z.string()),
  config: checked('config', StoredConfig),
  configVersion: checked('configVersion', z.number().int()),
  revision: checked('revision', z.number().int()),
  linearState: checked('linearState', LinearStateJson.nullable()),
  armSince: checked('armSince', z.record(z.string(), z.number())),
  rollout: checked('rollout', RolloutStateJson),
  /** written by releases before the rollout state held the phase; read once to start it */
  legacyPhase: checked('phase', Phase),
  sloGuard: checked('sloGuard', GuardStateJson),
  sloWindow: sloWindowKey,
  drift: checked('drift', DriftJson),
  budgetLedger: checked('budgetLedger', LedgerJson),
  budgetWaivers: checked('budgetWaivers', z.array(WaiverJson)),
  unknownFeatures: checked('unknownFeatures', z.record(z.string(), z.number())),
  latestEvaluation: checked('latestEvaluation', LatestEvaluationJson),
  phaseSnapshot: checked('phaseSnapshot', PhaseSnapshotJson),
  costToday: checked('costToday', z.object({ day: z.string(), costUsd: z.number() })),
  warmStartSources: checked('warmStartSources', z.array(z.string())),
} as const;
