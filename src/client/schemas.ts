import { z } from 'zod';
import { Phase } from '../contract/decision-log';
import { BudgetState } from '../contract/recommend';
import { TaskTypeConfig } from '../contract/task-type';

// Response shapes that src/contract does not define (yet): the task type status, outcome
// replies, health, and the rollout, evaluation and audit endpoints of API.md. Loose objects,
// so fields the service adds later pass through. They type the client and document the API
// (functions/openapi); move them into src/contract once the routes parse with them.

/** RFC 9457 problem+json, the body of every error (API.md "Errors"). */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  requestId: z.string(),
  errors: z
    .array(
      z.object({
        /** JSON Pointer into the request body, e.g. `/arms/2/params/temperature` */
        path: z.string(),
        message: z.string(),
        value: z.unknown().optional(),
        limit: z.unknown().optional(),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Interval = z.object({ mean: z.number(), low: z.number(), high: z.number() });

/** Per-arm figures of the task type status. */
export const ArmSummary = z.looseObject({
  armId: z.string(),
  pulls: z.number().int(),
  /** rewards observed (the posterior's n) */
  rewards: z.number().int(),
  /** posterior mean reward with its 95 % interval; null before the first reward */
  meanReward: Interval.nullable(),
  meanQuality: z.number().nullable(),
  meanLatencyMs: z.number().nullable(),
  meanTokens: z.number().nullable(),
  /** Σtokens / Σquality */
  tokensPerQualityPoint: z.number().nullable(),
  errorRate: z.number().nullable(),
});
export type ArmSummary = z.infer<typeof ArmSummary>;

export const OutboxStatus = z.looseObject({
  pending: z.number().int(),
  oldestAgeMs: z.number().nullable(),
  consecutiveFailures: z.number().int().optional(),
  lastError: z.string().nullable().optional(),
});

const CohortSummary = z.looseObject({
  outcomes: z.number(),
  latencyP50Ms: z.number().nullable(),
  latencyP99Ms: z.number().nullable(),
  meanQuality: z.number().nullable(),
  errorRate: z.number().nullable(),
});

/** SLO health: the treated and control cohorts in the window, and the guard's last judgment. */
export const SloHealth = z.looseObject({
  window: z.object({ from: z.string(), to: z.string() }).optional(),
  treated: CohortSummary.optional(),
  control: CohortSummary.optional(),
  lastJudgment: z
    .looseObject({
      verdict: z.enum(['ok', 'breach', 'inconclusive']),
      reason: z.string(),
    })
    .nullable()
    .optional(),
});

/** Token budget use of the current UTC day (spend = prompt + completion tokens). */
export const BudgetUse = z.looseObject({
  /** UTC day, YYYY-MM-DD */
  day: z.string().optional(),
  state: BudgetState,
  dailyTokens: z.number().nullable(),
  waiverTokens: z.number().optional(),
  /** dailyTokens plus live waivers; null without a budget */
  limitTokens: z.number().nullable().optional(),
  spentTokens: z.number(),
  reservedTokens: z.number().optional(),
  remainingTokens: z.number().nullable().optional(),
});
export type BudgetUse = z.infer<typeof BudgetUse>;

/** `GET /v1/task-types/{taskType}`. */
export const TaskTypeStatus = z.looseObject({
  taskType: z.string(),
  version: z.number().int(),
  config: TaskTypeConfig,
  phase: Phase,
  /** τ, the share of requests served the policy's choice */
  share: z.number(),
  frozen: z.boolean(),
  frozenReason: z.string().nullable(),
  policyVersion: z.string(),
  arms: z.array(ArmSummary),
  outbox: OutboxStatus,
  slo: SloHealth.optional(),
  budget: BudgetUse.optional(),
});
export type TaskTypeStatus = z.infer<typeof TaskTypeStatus>;

/** `GET /v1/task-types`. */
export const TaskTypeList = z.object({
  taskTypes: z.array(
    z.looseObject({
      taskType: z.string(),
      version: z.number().int(),
      phase: Phase,
      share: z.number(),
      frozen: z.boolean(),
      frozenReason: z.string().nullable(),
      policyKind: z.string(),
      baselineArmId: z.string(),
      arms: z.array(ArmSummary),
      outbox: OutboxStatus,
      slo: SloHealth.optional(),
      budget: BudgetUse.optional(),
    }),
  ),
});
export type TaskTypeList = z.infer<typeof TaskTypeList>;

/** `PUT /v1/task-types/{taskType}`. */
export const PutTaskTypeResponse = z.looseObject({
  taskType: z.string(),
  version: z.number().int(),
  phase: Phase,
  config: TaskTypeConfig,
  /** arms whose params changed: they start from fresh statistics */
  resetArms: z.array(z.string()),
});

/** `POST /v1/outcomes` with one object. */
export const OutcomeResponse = z.object({
  decisionId: z.string(),
  recorded: z.literal(true),
  duplicate: z.literal(true).optional(),
  /** once the reward is known */
  reward: z.number().optional(),
});
export type OutcomeResponse = z.infer<typeof OutcomeResponse>;

/** `POST /v1/outcomes` with an array: one result per input, in input order. */
export const OutcomeBatchResponse = z.object({
  results: z.array(
    z.object({
      decisionId: z.string(),
      status: z.number().int(),
      recorded: z.boolean(),
      duplicate: z.literal(true).optional(),
      reward: z.number().optional(),
      problem: Problem.optional(),
    }),
  ),
});
export type OutcomeBatchResponse = z.infer<typeof OutcomeBatchResponse>;

export const RevokeApiKeyResponse = z.object({
  id: z.string(),
  revoked: z.literal(true),
  effectiveWithinMs: z.number().int(),
});

export const Health = z.looseObject({
  status: z.literal('ok'),
  time: z.string(),
  postgres: z.string(),
  rateLimiting: z.string(),
  outbox: z.looseObject({
    pending: z.number().int(),
    oldestAgeMs: z.number().nullable(),
    failing: z.array(z.string()),
  }),
});

export const RolloutAction = z.enum(['advance', 'rollback', 'pause', 'resume']);
export type RolloutAction = z.infer<typeof RolloutAction>;

/** `POST /v1/task-types/{taskType}/rollout` (API.md "Rollout"). */
export const RolloutRequest = z.strictObject({
  action: RolloutAction,
  /** why: required, it goes into the audit chain */
  reason: z.string().trim().min(1).max(1000),
});
export const RolloutResponse = z.looseObject({
  taskType: z.string(),
  phase: Phase,
  share: z.number(),
  frozen: z.boolean(),
  frozenReason: z.string().nullable().optional(),
  phaseStartedAt: z.string().optional(),
  previousPhase: Phase.nullable().optional(),
  /** the audit event the transition wrote */
  event: z.looseObject({}).optional(),
});

/** `POST /v1/kill-switch` (ops): every task type serves its baseline while enabled. */
export const KillSwitchRequest = z.strictObject({
  enabled: z.boolean(),
  reason: z.string().trim().min(1).max(1000),
});

/** `GET /v1/kill-switch`, and the reply of `POST`. */
export const KillSwitchState = z.looseObject({
  enabled: z.boolean(),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  /** Unix ms of the last change */
  atMs: z.number().nullable(),
  /** the TUNELOOP_KILL_SWITCH=1 binding holds it on, whatever the stored state */
  forcedByEnvironment: z.boolean().optional(),
  /** POST: how soon every isolate serves accordingly */
  effectiveWithinMs: z.number().optional(),
});
export type KillSwitchState = z.infer<typeof KillSwitchState>;

/** `POST /v1/task-types/{taskType}/budget/waivers` → 201. */
export const BudgetWaiverResponse = z.looseObject({
  waiver: z.looseObject({
    id: z.string(),
    tokens: z.number(),
    reason: z.string(),
    actor: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
  }),
  budget: BudgetUse,
});

export const Estimate = z.object({ value: z.number(), low: z.number(), high: z.number() });

/** One evaluation report: estimates per target policy, as the `ope` CLI prints them. */
export const EvaluationReport = z.looseObject({
  n: z.number().int(),
  missingRewards: z.number().int().optional(),
  arms: z.array(z.string()).optional(),
  rewardModel: z.string().optional(),
  /** absent when the window had no usable rows (n = 0) */
  policies: z
    .array(
      z.looseObject({
        policy: z.string(),
        estimates: z.record(z.string(), Estimate),
        diagnostics: z.looseObject({}).optional(),
      }),
    )
    .optional(),
  /** paired bootstrap intervals of (policy − baseline) */
  comparisons: z
    .array(
      z.looseObject({ policy: z.string(), versus: z.string(), estimator: z.string(), difference: Estimate }),
    )
    .optional(),
  /** what promotion reads: the lower bound of (phase-start snapshot − baseline) */
  gateLowerBound: z.number().nullable().optional(),
});
export type EvaluationReport = z.infer<typeof EvaluationReport>;

/** A stored evaluation: when, on which window, of which policy version, and the report. */
export const EvaluationRecord = z.looseObject({
  id: z.string(),
  taskType: z.string(),
  createdAt: z.string(),
  windowSince: z.string().optional(),
  windowUntil: z.string().optional(),
  /** "cron" or "manual" */
  trigger: z.string().optional(),
  configVersion: z.number().int().optional(),
  policyVersion: z.string().optional(),
  report: EvaluationReport,
});
export type EvaluationRecord = z.infer<typeof EvaluationRecord>;

export const EvaluationList = z.looseObject({ evaluations: z.array(EvaluationRecord) });

/** One audit event: a rollout transition, config change, waiver or breach, hash-chained. */
export const AuditEvent = z.looseObject({
  eventId: z.string(),
  /** position in the task type's chain, from 1 */
  seq: z.number().int(),
  /** Unix ms */
  atMs: z.number(),
  kind: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  configVersion: z.number().int().optional(),
  policyVersion: z.string().optional(),
  /** metrics snapshot and details of the event */
  details: z.unknown().optional(),
  prevHash: z.string().optional(),
  hash: z.string().optional(),
});
export const AuditList = z.looseObject({ events: z.array(AuditEvent) });
export const AuditVerification = z.looseObject({
  taskType: z.string(),
  ok: z.boolean(),
  durableObject: z.looseObject({ ok: z.boolean().nullable() }),
  postgres: z.looseObject({ ok: z.boolean().nullable() }),
});
