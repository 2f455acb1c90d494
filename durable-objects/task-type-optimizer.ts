import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../functions/env';
import { issueDecisionId } from '../functions/forged-ids';
import type { Outcome, OutcomeResult } from '../src/contract/outcome';
import type { RecommendRequest } from '../src/contract/recommend';
import type { TaskTypeConfig } from '../src/contract/task-type';
import type { WarmStartRequest } from '../src/contract/warm-start';
import type { BudgetStatus, Waiver } from '../src/guards/token-budget';
import { type SeriesWindow, timeSeriesPoints } from '../src/metrics/time-series-view';
import { waiverStep } from '../src/optimizer/budget-steps';
import { type ConfigReply, configDryRunStep, configStep } from '../src/optimizer/config-step';
import { groupPoolStep } from '../src/optimizer/group-step';
import { archiveStep, evaluationRecordedStep, outboxStuckStep } from '../src/optimizer/housekeeping-steps';
import { outcomeStep, rewardWaitCutoff, rewardWaitStep } from '../src/optimizer/outcome-step';
import { recommendStep } from '../src/optimizer/recommend-step';
import { type RolloutAction, rolloutActionStep, sweepStep } from '../src/optimizer/rollout-action-step';
import { evaluationInputs, taskTypeStatus } from '../src/optimizer/status-view';
import type { LatestEvaluation, Step, TaskTypeState } from '../src/optimizer/task-type-state';
import { type WarmStartReply, warmStartStep } from '../src/optimizer/warm-start-step';
import type { AuditEventRecord } from '../src/storage/audit-events';
import { AlertQueue } from './alert-queue';
import { AuditLog } from './audit-log';
import { DecisionTable } from './decision-table';
import { EffectRunner } from './effect-runner';
import { GroupSync } from './group-sync';
import { FIRST_INCARNATION, type Incarnation, IncarnationTable } from './incarnation-table';
import { MetricsCounters, pushMetricsReport } from './metrics-counters';
import type { RecommendReply, RolloutReply, ServingFlags } from './optimizer-replies';
import { OutboxFlusher, SET_ASIDE_LISTED } from './outbox-flusher';
import { hasTables, migrate } from './sqlite-schema';
import { StateStore } from './state-store';
import { TimeSeriesTable } from './time-series-table';

export type { LatestEvaluation, RecommendReply, RolloutAction, RolloutReply, ServingFlags };

const randomSource = { uuid: () => crypto.randomUUID() };

/**
 * One per task type: the source of truth for its config, posterior and rollout. Single-threaded
 * with transactional SQLite storage, so updates never race. An imperative shell: each method
 * reads the state, calls one pure step of src/optimizer, persists the next state and carries
 * out the step's effects. The rules are all in the steps.
 */
export class TaskTypeOptimizer extends DurableObject<Env> {
  private state: TaskTypeState | null;
  private hasTables: boolean;
  private readonly store: StateStore;
  private readonly decisions: DecisionTable;
  private readonly audit: AuditLog;
  private readonly alerts: AlertQueue;
  private readonly outbox: OutboxFlusher;
  private readonly effects: EffectRunner;
  private readonly metrics: MetricsCounters;
  private readonly incarnation: IncarnationTable;
  private readonly group: GroupSync;
  /** initialized right after super(), so ctx is there */
  private readonly series = new TimeSeriesTable(this.ctx.storage.sql);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Tables come with the first PUT: an object asked about an unknown name stores nothing.
    this.hasTables = hasTables(ctx.storage.sql);
    if (this.hasTables) migrate(ctx.storage.sql);
    this.store = new StateStore(ctx.storage.sql);
    this.state = this.hasTables ? this.store.load(Date.now()) : null;
    const sqlite = ctx.storage.sql;
    this.decisions = new DecisionTable(sqlite);
    this.audit = new AuditLog(sqlite, () => this.state?.policy.taskType ?? 'unknown');
    this.alerts = new AlertQueue(sqlite);
    this.metrics = new MetricsCounters(sqlite);
    this.incarnation = new IncarnationTable(sqlite);
    const taskType = () => this.state?.policy.taskType ?? null;
    this.outbox = new OutboxFlusher(ctx, env, this.decisions, this.audit, taskType, async (status) => {
      if (this.state) await this.commit(outboxStuckStep(this.state, status));
    });
    const { decisions, audit, alerts, outbox, series } = this;
    this.effects = new EffectRunner({ env, decisions, audit, alerts, outbox, series });
    this.group = new GroupSync(env);
    if (this.hasTables) {
      this.effects.resume(Date.now());
      this.outbox.resume();
    }
  }

  /** Keeps a step's next state and carries out its effects; returns its reply and the audit events appended. */
  private async commit<R>(
    step: Step<R, TaskTypeState | null>,
  ): Promise<{ reply: R; audited: AuditEventRecord[] }> {
    const prev = this.state;
    this.state = step.next;
    if (step.next) this.store.persist(prev, step.next);
    return { reply: step.reply, audited: await this.effects.run(step.effects) };
  }

  async putConfig(
    taskType: string,
    config: TaskTypeConfig,
    ifMatchVersion: number | null,
    actor: string,
  ): Promise<ConfigReply> {
    // A PUT after an archive starts afresh: a new incarnation learns from nothing.
    const archived = this.hasTables && this.incarnation.current().archivedAtMs !== null;
    const from = archived ? null : this.state;
    const step = configStep(from, { taskType, config, ifMatchVersion, actor }, Date.now());
    if (step.next && !this.hasTables) {
      migrate(this.ctx.storage.sql);
      this.hasTables = true;
    }
    if (archived && step.reply.ok) {
      this.state = null;
      this.incarnation.begin(Date.now());
      this.metrics.reset();
      this.series.reset();
    }
    const { reply } = await this.commit(step);
    await this.pushMetrics();
    return reply;
  }

  /** `PUT …?dryRun=true`: what the PUT would answer and change; nothing is kept. */
  async dryRunConfig(taskType: string, config: TaskTypeConfig, ifMatchVersion: number | null) {
    const input = { taskType, config, ifMatchVersion, actor: 'dry run' };
    return configDryRunStep(this.state, input, Date.now());
  }

  async recommend(
    request: RecommendRequest,
    flags: ServingFlags = { killSwitch: false },
  ): Promise<RecommendReply> {
    if (!this.state || this.incarnation.isArchived()) return { ok: false, reason: 'not_found' };
    const nowMs = Date.now();
    const decisionId = await issueDecisionId(this.env, this.state.policy.taskType, nowMs);
    // Read after the await: another request may have changed the state meanwhile.
    const s = this.state;
    if (!s) return { ok: false, reason: 'not_found' };
    const earlier =
      request.requestId === undefined ? null : this.decisions.findByRequestId(request.requestId, nowMs);
    const input = {
      request,
      killSwitch: flags.killSwitch,
      earlier,
      reservedTokens: this.effects.reservedTokens(nowMs),
      decisionId,
    };
    const { reply } = await this.commit(recommendStep(s, input, nowMs, randomSource));
    if (!earlier) this.metrics.countRecommendation(reply.armId, reply.served);
    return { ok: true, response: reply };
  }

  async recordOutcomes(outcomes: Outcome[]): Promise<OutcomeResult[]> {
    const results: OutcomeResult[] = [];
    for (const outcome of outcomes) results.push(await this.recordOne(outcome));
    if (this.hasTables) this.outbox.schedule();
    return results;
  }

  private async recordOne(outcome: Outcome): Promise<OutcomeResult> {
    const s = this.state;
    if (!s) return { decisionId: outcome.decisionId, status: 'not_found' };
    if (this.incarnation.outlived(outcome.decisionId))
      return { decisionId: outcome.decisionId, status: 'expired' };
    const nowMs = Date.now();
    const pending = this.decisions.findPending(outcome.decisionId);
    const input = { outcome, pending, reservedTokens: this.effects.reservedTokens(nowMs) };
    const { reply } = await this.commit(outcomeStep(s, input, nowMs));
    if (reply.status === 'recorded') this.metrics.countOutcome();
    return reply;
  }

  /**
   * `DELETE /v1/task-types/{taskType}`: audited; then recommend 404s and outcomes 410; state and
   * log stay for export. null when there is no task type (or it is archived already).
   */
  async archive(actor: string): Promise<Incarnation | null> {
    if (!this.state || this.incarnation.isArchived()) return null;
    await this.commit(archiveStep(this.state, actor, this.incarnation.current().number));
    await this.outbox.flushNow();
    return this.incarnation.archive(Date.now());
  }

  async incarnationNow(): Promise<Incarnation> {
    return this.hasTables ? this.incarnation.current() : FIRST_INCARNATION;
  }

  /** Pushes this task type's figures to the directory for `/metrics` (best effort). */
  private async pushMetrics(): Promise<void> {
    await pushMetricsReport(this.env, await this.getStatus(), this.metrics);
  }

  /** `POST …/rollout`: advance, rollback, pause or resume by ops. */
  async rolloutAction(action: RolloutAction, reason: string, actor: string): Promise<RolloutReply> {
    if (!this.state) return { ok: false, reason: 'not_found' };
    const { reply, audited } = await this.commit(
      rolloutActionStep(this.state, { action, reason, actor }, Date.now()),
    );
    if (!reply.ok) return reply;
    const { eventId, seq, kind, hash } = audited[0]!;
    return { ...reply, event: { eventId, seq, kind, hash } };
  }

  /** The SLO sweep (cron, every minute): the figures it writes to `slo_metrics`, or null. */
  async sweep() {
    if (!this.state) return null;
    const { reply } = await this.commit(sweepStep(this.state, Date.now()));
    this.store.flushDeferred(this.state);
    return reply;
  }

  /** The audit log, newest first. */
  async auditEvents(limit: number): Promise<AuditEventRecord[] | null> {
    return this.state ? this.audit.list(limit) : null;
  }

  /** The whole chain as the object holds it, oldest first (for verification). */
  async auditChain(): Promise<{ events: AuditEventRecord[]; flushed: number } | null> {
    if (!this.state) return null;
    const events = this.audit.all();
    return { events, flushed: events.length - this.audit.pendingCount() };
  }

  /** Grants a budget waiver; null when the task type does not exist. */
  async addWaiver(waiver: Waiver): Promise<BudgetStatus | null> {
    if (!this.state) return null;
    const nowMs = Date.now();
    const step = waiverStep(
      this.state,
      { waiver, reservedTokens: this.effects.reservedTokens(nowMs) },
      nowMs,
    );
    return (await this.commit(step)).reply;
  }

  /** `POST …/warm-start`: offline outcomes into the statistics (never the log); null when no task type. */
  async warmStart(request: WarmStartRequest & { actor: string }): Promise<WarmStartReply | null> {
    return this.state ? (await this.commit(warmStartStep(this.state, request))).reply : null;
  }

  /** What the offline evaluation needs: the current policy and the phase-start snapshot. */
  async evaluationInputs() {
    return this.state ? evaluationInputs(this.state, Date.now()) : null;
  }

  async recordEvaluation(summary: LatestEvaluation): Promise<void> {
    if (this.state) await this.commit(evaluationRecordedStep(this.state, summary));
  }

  async getStatus() {
    const s = this.state;
    if (!s) return null;
    const nowMs = Date.now();
    return taskTypeStatus(s, this.effects.reservedTokens(nowMs), this.outbox.status(), nowMs);
  }

  /**
   * Flushes the outbox for an export: true once every decision issued before `untilMs`
   * is in Postgres, false when some still are not after this attempt.
   */
  async flushBefore(untilMs: number): Promise<boolean> {
    if (!this.hasTables) return true;
    await this.outbox.flushNow();
    return this.decisions.outboxLag(untilMs).pending === 0;
  }

  /** `GET …/timeseries`: the stored rows merged into the window's buckets; null when no task type. */
  async timeSeries(window: SeriesWindow) {
    if (!this.state) return null;
    return timeSeriesPoints(this.series.rows(window.widthMs, window.sinceMs, window.untilMs), window);
  }

  /** Set-aside decisions issued in the window: the export answers 503 naming them. */
  async setAsideIn(sinceMs: number, untilMs: number) {
    return this.hasTables ? this.decisions.setAsideIn(sinceMs, untilMs, SET_ASIDE_LISTED) : [];
  }

  /** `POST …/outbox/retry` (ops): the set-aside decisions sent again; null for an unknown task type. */
  async retrySetAside() {
    if (!this.state) return null;
    const retried = await this.outbox.retrySetAside();
    return { retried, outbox: this.outbox.status() };
  }

  override async alarm(): Promise<void> {
    if (!this.hasTables) return;
    const nowMs = Date.now();
    const s = this.state;
    const cutoff = s && rewardWaitCutoff(s, nowMs);
    if (s && cutoff !== null)
      await this.commit(rewardWaitStep(s, this.decisions.unrewardedBefore(cutoff, 500), nowMs));
    if (this.state) this.store.flushDeferred(this.state);
    const members = this.state && (await this.group.pull(this.state.policy, nowMs));
    if (this.state && members) await this.commit(groupPoolStep(this.state, members));
    if (this.env.ALERT_WEBHOOK_URL)
      await this.alerts.deliver(this.env.ALERT_WEBHOOK_URL, nowMs, this.env.ALERT_WEBHOOK_SECRET);
    await this.outbox.onAlarm(nowMs, this.alerts.nextDueMs());
    await this.pushMetrics();
  }
}
