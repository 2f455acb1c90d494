/**
 * The typed tuneloop client (`import { TuneloopClient } from 'tuneloop/client'`). Types come
 * from the zod schemas the service validates with (src/contract), so client and service agree.
 */
export type { Outcome } from '../contract/outcome';
export type { RecommendRequest, RecommendResponse } from '../contract/recommend';
export type { TaskTypeConfig, TaskTypeConfigInput } from '../contract/task-type';
export {
  type OutcomeInput,
  type RecommendInput,
  TuneloopClient,
  type TuneloopClientOptions,
} from './client';
export { TuneloopError, TuneloopNetworkError } from './errors';
export { backoffMs, isRetryableStatus, parseRetryAfter, type RetryOptions } from './retry';
export type {
  ArmSummary,
  BudgetUse,
  EvaluationRecord,
  EvaluationReport,
  KillSwitchState,
  OutcomeBatchResponse,
  OutcomeResponse,
  Problem,
  RolloutAction,
  TaskTypeList,
  TaskTypeStatus,
} from './schemas';
export type { TuningOptions } from './with-tuning';
