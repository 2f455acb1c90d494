/**
 * The typed tuneloop client (`import { TuneloopClient } from 'tuneloop/client'`). Types come
 * from the zod schemas the service validates with (src/contract), so client and service agree.
 * The SDK adapters are subpaths of their own (`tuneloop/client/openai`, `…/anthropic`,
 * `…/ai-sdk`), so importing the client never needs an SDK installed; their shared core
 * (runTuned, startTuned) is here, for wrapping any other SDK the same way.
 */
export type { BudgetUse } from '../contract/budget';
export type { DecisionLogLine } from '../contract/decision-log';
export type { EvaluationRecord, EvaluationReport } from '../contract/evaluation';
export type { Outcome, OutcomeBatchResponse, OutcomeResponse } from '../contract/outcome';
export type { PolicySnapshot } from '../contract/policy-snapshot';
export type { Problem } from '../contract/problem';
export type { RecommendRequest, RecommendResponse } from '../contract/recommend';
export type { KillSwitchState, RolloutAction, RolloutResponse } from '../contract/rollout';
export type { SavingsReport } from '../contract/savings';
export type { TaskTypeConfig, TaskTypeConfigInput } from '../contract/task-type';
export type {
  ArmSummary,
  PutTaskTypeResponse,
  TaskTypeList,
  TaskTypeStatus,
} from '../contract/task-type-status';
export {
  type AdapterOptions,
  costUsd,
  type Pricing,
  runTuned,
  startTuned,
  type TokenUsage,
  type Tuned,
  type TunedParams,
  type TunedRun,
  type TuneRequest,
} from './adapters/tuned-call';
export {
  type OutcomeInput,
  type RecommendInput,
  type TimeWindow,
  TuneloopClient,
} from './client';
export { TuneloopError, TuneloopNetworkError } from './errors';
export { jsonLines } from './json-lines';
export { backoffMs, isRetryableStatus, parseRetryAfter, type RetryOptions } from './retry';
export { type RequestOptions, type TuneloopClientOptions, TuneloopTransport } from './transport';
export type { TuningOptions } from './with-tuning';
