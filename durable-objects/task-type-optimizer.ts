import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../functions/env';
import { directoryOf } from '../functions/stubs';
import type { Outcome, OutcomeResult } from '../src/contract/outcome';
import type { RecommendRequest, RecommendResponse } from '../src/contract/recommend';
import type { TaskTypeConfig } from '../src/contract/task-type';
import type { WarmStartRequest } from '../src/contract/warm-start';
import type { BudgetStatus, Waiver } from '../src/guards/token-budget';
import { waiverStep } from '../src/optimizer/budget-steps';
import { type ConfigReply, configStep } from '../src/optimizer/config-step';
import { groupPoolStep, groupReport } from '../src/optimizer/group-step';
import { evaluationRecordedStep, outboxStuckStep } from '../src/optimizer/housekeeping-steps';
import { outcomeStep, rewardWaitCutoff, rewardWaitStep } from '../src/optimizer/outcome-step';
import { recommendStep } from '../src/optimizer/recommend-step';
import { type RolloutAction, rolloutActionStep, sweepStep } from '../src/optimizer/rollout-action-step';
import { evaluationInputs, taskTypeStatus } from '../src/optimizer/status-view';
import type { LatestEvaluation, Step, TaskTypeState } from '../src/optimizer/task-type-state';
import { type WarmStartReply, warmStartStep } from '../src/optimizer/warm-start-step';
import { GROUP_SYNC_MS } from '../src/sharing/group-sync';
import type { AuditEventRecord } from '../src/storage/audit-events';
import { AlertQueue } from './alert-queue';
import { AuditLog } from './audit-log';
import { DecisionTable } from './decision-table';
import { EffectRunner } from './effect-runner';
import { OutboxFlusher } from './outbox-flusher';
import { migrate } from './sqlite-schema';
import { StateStore } from './state-store';

export type { LatestEvaluation, RolloutAction };

export type RecommendReply = { ok: true; response: RecommendResponse } | { ok: false; reason: 'not_found' };

/** What the edge knows that the object does not: the deployment-wide kill switch. */
export interface ServingFlags {
  killSwitch: boolean;
}

export type RolloutReply =
  | ({ ok: true; event: Pick<AuditEventRecord, 'eventId' | 'seq' | 'kind' | 'hash'> } & Extract<
      ReturnType<typeof rolloutActionStep>['reply'],
      { ok: true }
    >)
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'refused'; message: string; phase: string };

const randomSource = { uuid: () => crypto.randomUUID() };

/**
 * One per task type: the source of truth for its config, posterior and rollout. Single-threaded
 * with transactional SQLite storage, so updates never race. An imperative shell: each method
 * reads the state, calls one pure step of src/optimizer, persists the next state and carries
 * out the step's effects. The rules are all in the steps.
 */
export class TaskTypeOptimizer extends DurableObject<Env> {
  private state: TaskTypeState | null;
  private readonly store: StateStore;
  private readonly decisions: DecisionTable;
  private readonly audit: AuditLog;
  private readonly alerts: AlertQueue;
  private readonly outbox: OutboxFlusher;
  private readonly effects: EffectRunner;
  private groupSyncedAtMs = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.store = new StateStore(ctx.storage.sql);
    this.state = this.store.load(Date.now());
    this.decisions = new DecisionTable(ctx.storage.sql);
    this.audit = new AuditLog(ctx.storage.sql, () => this.state?.policy.taskType ?? 'unknown');
    this.alerts = new AlertQueue(ctx.storage.sql);
    const taskType = () => this.state?.policy.taskType ?? null;
    this.outbox = new OutboxFlusher(ctx, env, this.decisions, this.audit, taskType, async (status) => {
      if (this.state) await this.commit(outboxStuckStep(this.state, status));
    });
    this.effects = new EffectRunner({
      env,
      decisions: this.decisions,
      audit: this.audit,
      alerts: this.alerts,
      outbox: this.outbox,
    });
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
    const step = configStep(this.state, { taskType, config, ifMatchVersion, actor }, Date.now());
    return (await this.commit(step)).reply;
  }

  async recommend(
    request: RecommendRequest,
    flags: ServingFlags = { killSwitch: false },
  ): Promise<RecommendReply> {
    const s = this.state;
    if (!s) return { ok: false, reason: 'not_found' };
    const nowMs = Date.now();
    const earlier =
      request.requestId === undefined ? null : this.decisions.findByRequestId(request.requestId, nowMs);
    const input = {
      request,
      killSwitch: flags.killSwitch,
      earlier,
      reservedTokens: this.effects.reservedTokens(nowMs),
    };
    const { reply } = await this.commit(recommendStep(s, input, nowMs, randomSource));
    return { ok: true, response: reply };
  }

  async recordOutcomes(outcomes: Outcome[]): Promise<OutcomeResult[]> {
    const results: OutcomeResult[] = [];
    for (const outcome of outcomes) results.push(await this.recordOne(outcome));
    this.outbox.schedule();
    return results;
  }

  private async recordOne(outcome: Outcome): Promise<OutcomeResult> {
    const s = this.state;
    if (!s) return { decisionId: outcome.decisionId, status: 'not_found' };
    const nowMs = Date.now();
    const pending = this.decisions.findPending(outcome.decisionId);
    const input = { outcome, pending, reservedTokens: this.effects.reservedTokens(nowMs) };
    return (await this.commit(outcomeStep(s, input, nowMs))).reply;
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
  async auditChain(): Promise<AuditEventRecord[] | null> {
    return this.state ? this.audit.all() : null;
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
    return this.state ? evaluationInputs(this.state) : null;
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
    await this.outbox.flushNow();
    return this.decisions.outboxLag(untilMs).pending === 0;
  }

  /**
   * A group member pushes its arms' statistics to the directory and pulls the group's, at most
   * every GROUP_SYNC_MS, from the alarm (never the hot path); a failure only delays the pool.
   */
  private async syncGroup(nowMs: number): Promise<void> {
    const group = this.state?.policy.config.group;
    if (!this.state || !group || nowMs - this.groupSyncedAtMs < GROUP_SYNC_MS) return;
    this.groupSyncedAtMs = nowMs;
    try {
      const members = await directoryOf(this.env).shareGroupStats(
        group.name,
        this.state.policy.taskType,
        groupReport(this.state.policy),
      );
      if (this.state) await this.commit(groupPoolStep(this.state, members));
    } catch (error) {
      console.error(JSON.stringify({ groupSync: group.name, error: String(error) }));
    }
  }

  override async alarm(): Promise<void> {
    const nowMs = Date.now();
    const s = this.state;
    const cutoff = s && rewardWaitCutoff(s, nowMs);
    if (s && cutoff !== null)
      await this.commit(rewardWaitStep(s, this.decisions.unrewardedBefore(cutoff, 500), nowMs));
    if (this.state) this.store.flushDeferred(this.state);
    await this.syncGroup(nowMs);
    if (this.env.ALERT_WEBHOOK_URL) await this.alerts.deliver(this.env.ALERT_WEBHOOK_URL, nowMs);
    await this.outbox.onAlarm(nowMs, this.alerts.nextDueMs());
  }
}
