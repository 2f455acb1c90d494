import { z } from 'zod';
import { Phase } from '../contract/decision-log';
import { TaskTypeConfig } from '../contract/task-type';
import type { BudgetLedger, Waiver } from '../guards/token-budget';
import type { PolicyState } from '../optimizer/policy-state';
import type { DriftWindows, LatestEvaluation, PhaseSnapshot } from '../optimizer/task-type-state';
import type { LinearState } from '../policies/linear-state';
import { migrateStoredConfig } from '../policies/migrate-stored-config';
import type { RolloutState } from '../rollout/phase-machine';
import type { SloWindow } from '../rollout/slo-window';
import { sloWindowFromJson, sloWindowToJson } from '../rollout/slo-window-codec';
import { anytimeGuardKey } from './anytime-guard-json';
import { ArmStatsJson } from './arm-stats-json';
import { lenientKey } from './lenient-key';
import { promotionEvidenceKey } from './promotion-evidence-json';

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

const HistogramJson = z.object({ edges: z.array(z.number()), counts: z.array(z.number()) });
const DriftJson: z.ZodType<DriftWindows> = z.object({
  reference: z
    .object({
      numeric: z.record(z.string(), HistogramJson),
      categorical: z.record(z.string(), z.record(z.string(), z.number())),
    })
    .nullable(),
  recent: z.object({
    numeric: z.record(z.string(), z.array(z.number())),
    categorical: z.record(z.string(), z.array(z.string())),
  }),
});

/**
 * The drift reference and recent contexts (second release; the first release's fixed-bin
 * histograms under 'drift' are no longer read). Unreadable ⇒ start afresh: drift then waits
 * for a new reference, it never freezes on a misread one.
 */
const driftKey: MetaKey<DriftWindows> = lenientKey('driftSample', DriftJson);

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
  /** the anytime guard's statistics (the first release's 'sloGuard' key is no longer read) */
  anytimeGuard: anytimeGuardKey,
  sloWindow: sloWindowKey,
  drift: driftKey,
  budgetLedger: checked('budgetLedger', LedgerJson),
  budgetWaivers: checked('budgetWaivers', z.array(WaiverJson)),
  unknownFeatures: checked('unknownFeatures', z.record(z.string(), z.number())),
  latestEvaluation: checked('latestEvaluation', LatestEvaluationJson),
  /** promotion's anytime off-policy evidence of the current phase */
  promotionEvidence: promotionEvidenceKey,
  phaseSnapshot: checked('phaseSnapshot', PhaseSnapshotJson),
  costToday: checked('costToday', z.object({ day: z.string(), costUsd: z.number() })),
  warmStartSources: checked('warmStartSources', z.array(z.string())),
} as const;
