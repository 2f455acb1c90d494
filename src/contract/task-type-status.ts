import { z } from 'zod';
import { BudgetUse } from './budget';
import { Phase } from './decision-log';
import { PromotionEvidenceView } from './evaluation';
import { TaskTypeConfig } from './task-type';

export const Interval = z.object({ mean: z.number(), low: z.number(), high: z.number() });

/** A figure over the outcomes that reported it; null while there are none. */
const OutcomeFigure = z.number().nullable();

/** Per-arm figures of the task type status. */
export const ArmSummary = z
  .looseObject({
    armId: z.string(),
    pulls: z.number().int(),
    /** rewards observed (the posterior's n) */
    rewards: z.number().int(),
    /** posterior mean reward with its 95 % interval; null before the first reward */
    meanReward: Interval.nullable(),
    meanQuality: OutcomeFigure,
    meanLatencyMs: OutcomeFigure,
    meanTokens: OutcomeFigure,
    /** Σtokens / Σquality */
    tokensPerQualityPoint: OutcomeFigure,
    errorRate: OutcomeFigure,
    /** mean USD per call of the outcomes that carried or priced a cost (API.md "Cost") */
    meanCostUsd: z.number().nullable().optional(),
  })
  .meta({ id: 'ArmSummary' });
export type ArmSummary = z.infer<typeof ArmSummary>;

export const OutboxStatus = z.looseObject({
  pending: z.number().int(),
  oldestAgeMs: z.number().nullable(),
  consecutiveFailures: z.number().int().optional(),
  lastError: z.string().nullable().optional(),
  /** decisions Postgres refused, kept until resolved (POST …/outbox/retry) */
  setAside: z.number().int().optional(),
  setAsideIds: z.array(z.string()).optional(),
});

const CohortSummary = z.looseObject({
  outcomes: z.number(),
  latencyP50Ms: OutcomeFigure,
  latencyP99Ms: OutcomeFigure,
  meanQuality: OutcomeFigure,
  errorRate: OutcomeFigure,
});

/** SLO health: the treated and control cohorts in the window, and the guard's last judgment. */
export const SloHealth = z.looseObject({
  window: z.object({ from: z.string(), to: z.string() }).optional(),
  treated: CohortSummary.optional(),
  control: CohortSummary.optional(),
  lastJudgment: z
    .looseObject({ verdict: z.enum(['ok', 'breach', 'inconclusive']), reason: z.string() })
    .nullable()
    .optional(),
});

/** What the list and the single status share. */
const StatusSummary = z.looseObject({
  taskType: z.string(),
  version: z.number().int(),
  phase: Phase,
  /** τ, the share of requests served the policy's choice */
  share: z.number(),
  frozen: z.boolean(),
  frozenReason: z.string().nullable(),
  arms: z.array(ArmSummary),
  outbox: OutboxStatus,
  slo: SloHealth.optional(),
  budget: BudgetUse.optional(),
  /** what the calls recorded on the current UTC day cost (API.md "Cost") */
  costUsd: z.number().optional(),
});

/** `GET /v1/task-types/{taskType}`. */
export const TaskTypeStatus = StatusSummary.extend({
  config: TaskTypeConfig,
  policyVersion: z.string(),
  /** what promotion reads (docs/rollout.md, "Promotion") */
  promotionEvidence: PromotionEvidenceView.optional(),
}).meta({ id: 'TaskTypeStatus' });
export type TaskTypeStatus = z.infer<typeof TaskTypeStatus>;

/** `GET /v1/task-types`. */
export const TaskTypeList = z.object({
  taskTypes: z.array(StatusSummary.extend({ policyKind: z.string(), baselineArmId: z.string() })),
});
export type TaskTypeList = z.infer<typeof TaskTypeList>;

/** `PUT /v1/task-types/{taskType}` → 200 (replaced) or 201 (created). */
export const PutTaskTypeResponse = z.looseObject({
  taskType: z.string(),
  version: z.number().int(),
  phase: Phase,
  config: TaskTypeConfig,
  /** arms whose params changed: they start from fresh statistics */
  resetArms: z.array(z.string()),
});
export type PutTaskTypeResponse = z.infer<typeof PutTaskTypeResponse>;

/** `GET …/decisions?since&until`: `since` inclusive, `until` exclusive (default now). */
export const DecisionExportQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional().describe('ISO-8601, inclusive'),
  until: z.iso.datetime({ offset: true }).optional().describe('ISO-8601, exclusive; default now'),
});

/** `DELETE /v1/task-types/{taskType}` → 200: archived. */
export const ArchiveResponse = z
  .object({
    taskType: z.string(),
    archived: z.literal(true),
    archivedAt: z.string(),
    /** which life of the task type was archived; a later PUT starts the next */
    incarnation: z.number().int(),
  })
  .meta({ id: 'ArchiveResponse' });

/** `GET /v1/task-types?archived=true`. */
export const ArchivedTaskTypeList = z
  .object({
    taskTypes: z.array(z.object({ taskType: z.string(), archived: z.literal(true), archivedAt: z.string() })),
  })
  .meta({ id: 'ArchivedTaskTypeList' });
