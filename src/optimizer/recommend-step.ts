import { ownValue } from '../common/own-key';
import type { RecommendRequest, RecommendResponse } from '../contract/recommend';
import type { BudgetState } from '../guards/token-budget';
import { countPull } from './arm-stats';
import { budgetToday, firstTimeToday, statusOfBudget } from './budget-steps';
import { addContextToSample, driftFeatures } from './context-sample';
import { newDecisionId } from './decision-id';
import { requestPolicy } from './policy-decision';
import { armStats } from './policy-state';
import { cachesPosteriorDraws, currentDraws } from './posterior-draws';
import { recommend } from './recommend';
import { shareOf } from './rollout-steps';
import { audit, type Effect, type RandomSource, type Step, type TaskTypeState } from './task-type-state';

/** How many distinct undeclared context keys the status counts. */
const MAX_UNKNOWN_FEATURES = 100;
/** A warning when the chosen arm's probability of being best stays below this… */
const LOW_CONFIDENCE = 0.5;
/** …for more than this many requests in a row. */
const LOW_CONFIDENCE_STREAK = 10;

export interface RecommendStepInput {
  request: RecommendRequest;
  /** the deployment-wide kill switch: serve the baseline only */
  killSwitch: boolean;
  /** the response an earlier request with the same requestId got, while it lives */
  earlier: RecommendResponse | null;
  /** tokens held by live reservations now */
  reservedTokens: number;
  /**
   * The id the shell issued for this decision (tagged with a key, which a pure step cannot
   * compute: WebCrypto is asynchronous); without one the step draws an untagged id.
   */
  decisionId?: string;
}

/**
 * One recommendation: the idempotent replay, the policy's choice for this context (from the
 * cached posterior draws where the kind uses them), the baseline when the kill switch is on
 * or the budget is used up, the token reservation, the pull, and the warnings it crosses.
 */
export function recommendStep(
  s: TaskTypeState,
  input: RecommendStepInput,
  nowMs: number,
  random: RandomSource,
): Step<RecommendResponse> {
  if (input.earlier) return { reply: input.earlier, next: s, effects: [] };
  const { request } = input;
  const { config } = s.policy;
  const draws = cachesPosteriorDraws(config) ? currentDraws(s.memory.draws, s.policy, nowMs) : null;
  const served = draws ? { ...s.policy, revision: draws.revision } : s.policy;
  const policy = requestPolicy(served, draws?.draws ?? null, request.context);
  const today = budgetToday(s.budget, input.reservedTokens, nowMs);
  const onlyBaseline =
    input.killSwitch || statusOfBudget(today, config.budget.dailyTokens, nowMs).state === 'exhausted';
  const chosen = recommend(served, policy.decide, request, {
    decisionId: input.decisionId ?? newDecisionId(s.policy.taskType, nowMs, random.uuid()),
    entropy: random.uuid(),
    share: onlyBaseline ? 0 : shareOf(s),
    minConfidence: config.rollout.minConfidence,
    phase: s.rollout.phase,
  });
  const reservation = {
    tokens: chosen.response.params.maxTokens,
    expiresAtMs: nowMs + config.budget.reservationTtlMs,
  };
  const after = statusOfBudget(today, config.budget.dailyTokens, nowMs, reservation.tokens);
  const response = { ...chosen.response, budget: { state: after.state } };
  const armId = response.armId;
  let next: TaskTypeState = {
    ...s,
    policy: { ...s.policy, arms: { ...s.policy.arms, [armId]: countPull(armStats(s.policy, armId)) } },
    budget: today.book,
    unknownFeatures: countUnknownFeatures(s.unknownFeatures, policy.unknownKeys),
    drift: observeContext(s, request.context),
    memory: { ...s.memory, draws },
  };
  const record = {
    response,
    issuedAtMs: nowMs,
    context: request.context,
    requestId: request.requestId ?? null,
    unitId: request.unitId ?? null,
    outcome: {},
    reward: null,
  };
  const effects: Effect[] = [
    ...today.effects,
    {
      kind: 'log-decision',
      record,
      expiresAtMs: nowMs + config.decisionTtlMs,
      reservation,
      encoded: policy.x,
      configVersion: s.policy.configVersion,
    },
  ];
  const warned = budgetWarning(next, after.state, after);
  next = warned.next;
  effects.push(...warned.effects);
  const watched = watchConfidence(next, chosen.confidence);
  effects.push(...watched.effects, { kind: 'flush-outbox' });
  return { reply: response, next: watched.next, effects };
}

/** The budget's warning or exhaustion event, the first time a day it is crossed. */
function budgetWarning(s: TaskTypeState, state: BudgetState, status: unknown) {
  if (state === 'ok') return { next: s, effects: [] };
  const crossed = firstTimeToday(s.budget.ledger, state);
  if (!crossed.first) return { next: s, effects: [] };
  const next = { ...s, budget: { ...s.budget, ledger: crossed.ledger } };
  const reason =
    state === 'warning'
      ? '80 % of today’s token budget is used or reserved'
      : 'today’s token budget is used up: baseline only';
  return {
    next,
    effects: [
      audit(next, { kind: `budget-${state}`, actor: 'token-budget', reason, details: { budget: status } }),
    ],
  };
}

/** Warns once per streak when the policy's confidence in its choice stays below 0.5 for more than 10 requests. */
function watchConfidence(s: TaskTypeState, confidence: number) {
  const streak = confidence < LOW_CONFIDENCE ? s.memory.lowConfidenceStreak + 1 : 0;
  const next = { ...s, memory: { ...s.memory, lowConfidenceStreak: streak } };
  if (streak !== LOW_CONFIDENCE_STREAK + 1) return { next, effects: [] };
  const reason = `probability of being best < ${LOW_CONFIDENCE} for ${streak} requests in a row`;
  return {
    next,
    effects: [
      audit(next, {
        kind: 'low-confidence',
        actor: 'policy',
        reason,
        details: { lastConfidence: confidence },
      }),
    ],
  };
}

/** Context keys the config does not declare are ignored, and counted for the status (bounded). */
export function countUnknownFeatures(counts: Record<string, number>, keys: string[]): Record<string, number> {
  if (keys.length === 0) return counts;
  const next = { ...counts };
  for (const key of keys.slice(0, 20)) {
    // Past MAX_UNKNOWN_FEATURES names only those already counted grow.
    if (Object.hasOwn(next, key) || Object.keys(next).length < MAX_UNKNOWN_FEATURES)
      next[key] = (ownValue(next, key) ?? 0) + 1;
  }
  return next;
}

/** Counts a request's context toward the recent drift window. */
function observeContext(s: TaskTypeState, context: RecommendRequest['context']) {
  const features = driftFeatures(s.policy.config);
  return features.length === 0
    ? s.drift
    : { ...s.drift, recent: addContextToSample(s.drift.recent, features, context) };
}
