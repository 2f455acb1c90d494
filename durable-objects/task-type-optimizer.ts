import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../functions/env';
import type { Outcome, OutcomeResult } from '../src/contract/outcome';
import type { RecommendRequest } from '../src/contract/recommend';
import type { TaskTypeConfig } from '../src/contract/task-type';
import type { BudgetStatus, Waiver } from '../src/guards/token-budget';
import { type ApplyConfigResult, applyConfig } from '../src/optimizer/apply-config';
import {
  addOutcomeFields,
  countPull,
  summarizeArm,
  withCostVersusBaseline,
} from '../src/optimizer/arm-stats';
import { newDecisionId } from '../src/optimizer/decision-id';
import { linearModelSummary } from '../src/optimizer/model-summary';
import { requestPolicy } from '../src/optimizer/policy-decision';
import {
  armStats,
  decisionTeachesArm,
  type PolicyState,
  policyVersion,
  priorOf,
} from '../src/optimizer/policy-state';
import { recommend } from '../src/optimizer/recommend';
import { recordOutcome } from '../src/optimizer/record-outcome';
import { WAIVER_EVENT } from '../src/storage/audit-events';
import { AlertQueue } from './alert-queue';
import { type AuditEvent, AuditLog, type NewAuditEvent } from './audit-log';
import { BudgetKeeper } from './budget-keeper';
import { Learner } from './learner';
import type {
  LatestEvaluation,
  RecommendReply,
  RolloutAction,
  RolloutReply,
  ServingFlags,
} from './optimizer-types';
import { OutboxFlusher, type OutboxStatus } from './outbox-flusher';
import { RolloutControl } from './rollout-control';
import { RolloutKeeper } from './rollout-keeper';
import { sloSummary } from './slo-summary';
import { TaskTypeStore } from './task-type-store';

/** How many distinct undeclared context keys the status counts. */
const MAX_UNKNOWN_FEATURES = 100;
/** A warning when the chosen arm's probability of being best stays below this… */
const LOW_CONFIDENCE = 0.5;
/** …for more than this many requests in a row. */
const LOW_CONFIDENCE_STREAK = 10;

/**
 * One per task type: the source of truth for its config, posterior and rollout phase.
 * Single-threaded with transactional SQLite storage, so updates never race. Thin glue:
 * load state, call the pure core in src/, persist, schedule the outbox flush.
 */
export class TaskTypeOptimizer extends DurableObject<Env> {
  private readonly store: TaskTypeStore;
  private readonly outbox: OutboxFlusher;
  private readonly budget: BudgetKeeper;
  private readonly rollout: RolloutKeeper;
  private readonly audit: AuditLog;
  private readonly alerts: AlertQueue;
  private lowConfidenceStreak = 0;
  private readonly control: RolloutControl;
  /** undeclared context keys seen, with counts */
  private unknownFeatures: Record<string, number>;
  private state: PolicyState | null;
  private readonly learner: Learner;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new TaskTypeStore(ctx.storage.sql);
    this.state = this.store.loadPolicyState();
    this.audit = new AuditLog(ctx.storage.sql, () => this.state?.taskType ?? 'unknown');
    this.alerts = new AlertQueue(ctx.storage.sql);
    this.outbox = new OutboxFlusher(ctx, env, this.store, this.audit, (status) => this.outboxStuck(status));
    this.rollout = new RolloutKeeper(this.store);
    // The rollout state is the phase of record; the policy state carries a copy for logging.
    if (this.state) this.state.phase = this.rollout.state.phase;
    this.learner = new Learner(this.store);
    this.control = new RolloutControl({
      state: () => this.state!,
      rollout: this.rollout,
      latestEvaluation: () => this.store.getMeta<LatestEvaluation>('latestEvaluation'),
      record: (event) => this.record(event),
      freezePhaseSnapshot: (state, nowMs) => this.freezePhaseSnapshot(state, nowMs),
    });
    this.budget = new BudgetKeeper(this.store, Date.now());
    this.unknownFeatures = this.store.getMeta<Record<string, number>>('unknownFeatures') ?? {};
  }

  async putConfig(
    taskType: string,
    config: TaskTypeConfig,
    ifMatchVersion: number | null,
    actor: string,
  ): Promise<ApplyConfigResult> {
    const result = applyConfig(this.state, taskType, config, ifMatchVersion);
    if (!result.ok) return result;
    const nowMs = Date.now();
    this.state = result.state;
    if (result.created) this.rollout.start(config, nowMs, policyVersion(result.state));
    else this.rollout.reconfigure(config, nowMs, policyVersion(result.state));
    this.state.phase = this.rollout.state.phase;
    this.store.savePolicyState(this.state);
    this.learner.forgetDraws();
    // A new config is a new policy: its evaluation starts from what it knows now.
    this.freezePhaseSnapshot(result.state, nowMs);
    await this.record({
      kind: result.created ? 'task-type-created' : 'config-changed',
      actor,
      reason: null,
      details: { version: result.state.configVersion, resetArms: result.resetArms, config },
    });
    // Every PUT (idempotent): a create whose registration failed is repaired by the retry.
    await this.env.TASK_TYPE_DIRECTORY.getByName('global').register(taskType);
    return result;
  }

  /** Appends an audit event stamped with the current config and policy versions; queues its alert. */
  private async record(event: Omit<NewAuditEvent, 'configVersion' | 'policyVersion'>): Promise<AuditEvent> {
    const state = this.state!;
    const stamped = { ...event, configVersion: state.configVersion, policyVersion: policyVersion(state) };
    const appended = await this.audit.append(stamped, Date.now());
    if (this.env.ALERT_WEBHOOK_URL) this.alerts.enqueue(appended, Date.now());
    this.outbox.schedule();
    return appended;
  }

  private async outboxStuck(status: OutboxStatus): Promise<void> {
    if (!this.state) return;
    await this.record({
      kind: 'outbox-stuck',
      actor: 'outbox',
      reason: `decisions have not reached Postgres for ${Math.round((status.oldestAgeMs ?? 0) / 1000)} s: ${status.lastError}`,
      details: { outbox: status },
    });
  }

  async recommend(
    request: RecommendRequest,
    flags: ServingFlags = { killSwitch: false },
  ): Promise<RecommendReply> {
    const state = this.state;
    if (!state) return { ok: false, reason: 'not_found' };
    const nowMs = Date.now();
    if (request.requestId !== undefined) {
      const earlier = this.store.findByRequestId(request.requestId, nowMs);
      if (earlier) return { ok: true, response: earlier };
    }
    const cached =
      state.config.policy.kind === 'thompson-gaussian' ? this.learner.drawsFor(state, nowMs) : null;
    const servedState = cached ? { ...state, revision: cached.revision } : state;
    const policy = requestPolicy(servedState, cached?.draws ?? null, request.context);
    this.countUnknownFeatures(policy.unknownKeys);
    this.rollout.observeContext(state.config, request.context);
    const budgetBefore = this.budget.status(state.config.budget.dailyTokens, nowMs);
    const onlyBaseline = flags.killSwitch || budgetBefore.state === 'exhausted';
    const { response, confidence } = recommend(servedState, policy.decide, request, {
      decisionId: newDecisionId(state.taskType, nowMs, crypto.randomUUID()),
      entropy: crypto.randomUUID(),
      share: onlyBaseline ? 0 : this.rollout.share(state.config),
      minConfidence: state.config.rollout.minConfidence,
    });
    const reservation = {
      tokens: response.params.maxTokens,
      expiresAtMs: nowMs + state.config.budget.reservationTtlMs,
    };
    this.budget.reserve(response.decisionId, reservation.tokens, reservation.expiresAtMs);
    const budgetState = this.budget.status(state.config.budget.dailyTokens, nowMs).state;
    response.budget = { state: budgetState };
    const pulled = countPull(armStats(state, response.armId));
    state.arms[response.armId] = pulled;
    this.store.countPull(response.armId);
    this.store.insertDecision(
      {
        response,
        issuedAtMs: nowMs,
        context: request.context,
        requestId: request.requestId ?? null,
        unitId: request.unitId ?? null,
        outcome: {},
        reward: null,
      },
      nowMs + state.config.decisionTtlMs,
      reservation,
      policy.x,
      state.configVersion,
    );
    // Audit after the decision is stored: awaiting the hash lets other requests in.
    if (budgetState !== 'ok' && this.budget.firstTimeToday(budgetState)) {
      await this.record({
        kind: `budget-${budgetState}`,
        actor: 'token-budget',
        reason:
          budgetState === 'warning'
            ? '80 % of today’s token budget is used or reserved'
            : 'today’s token budget is used up: baseline only',
        details: { budget: this.budget.status(state.config.budget.dailyTokens, nowMs) },
      });
    }
    await this.watchConfidence(confidence);
    this.outbox.schedule();
    return { ok: true, response };
  }

  /** Warns once per streak when the policy's confidence in its choice stays below 0.5 for more than 10 requests. */
  private async watchConfidence(confidence: number): Promise<void> {
    this.lowConfidenceStreak = confidence < LOW_CONFIDENCE ? this.lowConfidenceStreak + 1 : 0;
    if (this.lowConfidenceStreak !== LOW_CONFIDENCE_STREAK + 1) return;
    await this.record({
      kind: 'low-confidence',
      actor: 'policy',
      reason: `probability of being best < ${LOW_CONFIDENCE} for ${this.lowConfidenceStreak} requests in a row`,
      details: { lastConfidence: confidence },
    });
  }

  async recordOutcomes(outcomes: Outcome[]): Promise<OutcomeResult[]> {
    const results: OutcomeResult[] = [];
    for (const outcome of outcomes) results.push(await this.recordOne(outcome));
    this.outbox.schedule();
    return results;
  }

  private async recordOne(outcome: Outcome): Promise<OutcomeResult> {
    const decisionId = outcome.decisionId;
    const state = this.state;
    const pending = this.store.findPending(decisionId);
    if (!state || pending === null) return { decisionId, status: 'not_found' };
    if (pending === 'expired') return { decisionId, status: 'expired' };
    const step = recordOutcome(pending, outcome, state.config.reward, Date.now());
    if (step.updated) {
      this.store.updateOutcome(step.updated);
      const tokens = spentTokens(step.added ?? {});
      if (tokens !== null) this.budget.settle(decisionId, tokens, Date.now());
      // An arm reset (or removed) since this decision learns nothing from it: it had other params.
      if (decisionTeachesArm(state, pending.armId, pending.configVersion)) {
        state.arms[pending.armId] = addOutcomeFields(armStats(state, pending.armId), step.added ?? {});
        if (step.newReward !== undefined) this.learner.learn(state, pending, step.newReward);
        this.store.saveArm(pending.armId, state.arms[pending.armId]!);
      }
      const nowMs = Date.now();
      this.rollout.record(pending.served, step.added ?? {}, nowMs);
      // Checked inline after every outcome; the guard's alpha spending keeps re-checks honest.
      if (this.rollout.state.phase !== 'shadow') await this.control.guard(nowMs);
    }
    return step.result;
  }

  /** `POST …/rollout`: advance, rollback, pause or resume by ops. */
  async rolloutAction(action: RolloutAction, reason: string, actor: string): Promise<RolloutReply> {
    if (!this.state) return { ok: false, reason: 'not_found' };
    return this.control.action(action, reason, actor);
  }

  /** The SLO sweep (cron, every minute): the figures it writes to `slo_metrics`, or null. */
  async sweep() {
    return this.state ? this.control.sweep() : null;
  }

  /** The audit log, newest first. */
  async auditEvents(limit: number): Promise<AuditEvent[] | null> {
    return this.state ? this.audit.list(limit) : null;
  }

  /** The whole chain as the object holds it, oldest first (for verification). */
  async auditChain(): Promise<AuditEvent[] | null> {
    return this.state ? this.audit.all() : null;
  }

  /** Context keys the config does not declare are ignored, and counted for the status. */
  private countUnknownFeatures(keys: string[]): void {
    if (keys.length === 0) return;
    for (const key of keys.slice(0, 20)) {
      // Bounded: past MAX_UNKNOWN_FEATURES names only those already counted grow.
      const known = key in this.unknownFeatures;
      if (known || Object.keys(this.unknownFeatures).length < MAX_UNKNOWN_FEATURES) {
        this.unknownFeatures[key] = (this.unknownFeatures[key] ?? 0) + 1;
      }
    }
    this.store.setMeta('unknownFeatures', this.unknownFeatures);
  }

  /** Grants a budget waiver; null when the task type does not exist. */
  async addWaiver(waiver: Waiver): Promise<BudgetStatus | null> {
    const state = this.state;
    if (!state) return null;
    this.budget.addWaiver(waiver);
    const status = this.budget.status(state.config.budget.dailyTokens, Date.now());
    await this.record({
      kind: WAIVER_EVENT,
      actor: waiver.actor,
      reason: waiver.reason,
      details: { waiver, budget: status },
    });
    return status;
  }

  /**
   * Freezes the policy as it is when a phase (or a config) begins: promotion judges this
   * snapshot on decisions logged afterwards, never on the data it learned from.
   */
  private freezePhaseSnapshot(state: PolicyState, nowMs: number): void {
    this.store.setMeta('phaseSnapshot', { startedAtMs: nowMs, state: structuredClone(state) });
  }

  /** What the offline evaluation needs: the current policy and the phase-start snapshot. */
  async evaluationInputs(): Promise<{
    current: PolicyState;
    snapshot: PolicyState;
    phaseStartedAtMs: number;
  } | null> {
    const state = this.state;
    if (!state) return null;
    const frozen = this.store.getMeta<{ startedAtMs: number; state: PolicyState }>('phaseSnapshot');
    return {
      current: state,
      snapshot: frozen?.state ?? state,
      phaseStartedAtMs: frozen?.startedAtMs ?? 0,
    };
  }

  async recordEvaluation(summary: LatestEvaluation): Promise<void> {
    this.store.setMeta('latestEvaluation', summary);
  }

  async getStatus() {
    const state = this.state;
    if (!state) return null;
    const prior = priorOf(state.config);
    return {
      taskType: state.taskType,
      version: state.configVersion,
      config: state.config,
      ...this.rollout.describe(state.config),
      slo: { ...sloSummary(this.rollout.view(Date.now())), lastJudgment: this.control.lastJudgment },
      promotion: this.control.promotionCheck(Date.now(), this.control.lastJudgment),
      drift: this.control.lastDrift,
      policyVersion: policyVersion(state),
      arms: withCostVersusBaseline(
        state.config.arms.map((arm) => summarizeArm(arm.id, armStats(state, arm.id), prior)),
        state.config.baselineArmId,
      ),
      budget: this.budget.status(state.config.budget.dailyTokens, Date.now()),
      model: linearModelSummary(state),
      latestEvaluation: this.store.getMeta<LatestEvaluation>('latestEvaluation'),
      unknownFeatures: this.unknownFeatures,
      outbox: this.outbox.status(),
    };
  }

  /**
   * Flushes the outbox for an export: true once every decision issued before `untilMs`
   * is in Postgres, false when some still are not after this attempt.
   */
  async flushBefore(untilMs: number): Promise<boolean> {
    await this.outbox.flushNow();
    return this.store.outboxLag(untilMs).pending === 0;
  }

  override async alarm(): Promise<void> {
    const nowMs = Date.now();
    if (this.state) this.learner.settleRewardWaits(this.state, nowMs);
    this.rollout.flush();
    if (this.env.ALERT_WEBHOOK_URL) await this.alerts.deliver(this.env.ALERT_WEBHOOK_URL, nowMs);
    await this.outbox.onAlarm(nowMs, this.alerts.nextDueMs());
  }
}

/** prompt + completion tokens an outcome part reported, or null when it reported none. */
function spentTokens(added: { promptTokens?: number; completionTokens?: number }): number | null {
  if (added.promptTokens === undefined && added.completionTokens === undefined) return null;
  return (added.promptTokens ?? 0) + (added.completionTokens ?? 0);
}
