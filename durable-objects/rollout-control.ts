import { type PolicyState, policyVersion } from '../src/optimizer/policy-state';
import { checkPromotion } from '../src/optimizer/promotion-gate';
import type { DriftResult } from '../src/rollout/drift';
import type { RolloutEvent } from '../src/rollout/phase-machine';
import type { PromotionDecision } from '../src/rollout/promotion';
import type { Judgment } from '../src/rollout/slo-guard';
import type { AuditEvent, NewAuditEvent } from './audit-log';
import type { LatestEvaluation, RolloutAction, RolloutReply } from './optimizer-types';
import type { RolloutKeeper } from './rollout-keeper';
import { sloSummary } from './slo-summary';

/** What the rollout control needs from its Durable Object. */
export interface RolloutControlParts {
  state(): PolicyState;
  rollout: RolloutKeeper;
  latestEvaluation(): LatestEvaluation | null;
  record(event: Omit<NewAuditEvent, 'configVersion' | 'policyVersion'>): Promise<AuditEvent>;
  freezePhaseSnapshot(state: PolicyState, nowMs: number): void;
}

/**
 * The rollout's moving parts inside a task type's object: the SLO guard and its rollback,
 * ops actions, and the sweep's promotion — each transition synced to the policy state,
 * snapshotted for evaluation and written to the audit chain.
 */
export class RolloutControl {
  /** the SLO guard's latest judgment, for the status */
  lastJudgment: Judgment | null = null;
  /** the drift check of the latest sweep, for the status */
  lastDrift: DriftResult | null = null;

  constructor(private readonly parts: RolloutControlParts) {}

  /** One SLO check; a breach rolls back (DESIGN.md §5) with an audit event naming the metric. */
  async guard(nowMs: number): Promise<Judgment> {
    const state = this.parts.state();
    const judgment = this.parts.rollout.check(state.config, nowMs);
    this.lastJudgment = judgment;
    if (judgment.verdict === 'breach' && judgment.breach) {
      const b = judgment.breach;
      await this.applyRollout({
        kind: 'breach',
        actor: 'slo-guard',
        reason: b.reason,
        details: {
          metric: b.metric,
          rule: b.rule,
          treated: b.treated,
          control: b.control,
          threshold: b.threshold,
          bounds: b.bounds,
          n: b.n,
          delta: b.delta,
        },
      });
    }
    return judgment;
  }

  /** Applies a rollout event; on success syncs the phase, freezes a new snapshot and audits it. */
  private async applyRollout(event: RolloutEvent) {
    const state = this.parts.state();
    const nowMs = Date.now();
    const before = this.parts.rollout.state;
    const result = this.parts.rollout.apply(event, state.config, nowMs, policyVersion(state));
    if (!result.ok) return { result, event: null };
    state.phase = result.state.phase;
    if (result.state.phaseStartedAtMs !== before.phaseStartedAtMs)
      this.parts.freezePhaseSnapshot(state, nowMs);
    const audit = await this.parts.record({
      kind: `rollout-${event.kind}`,
      actor: event.actor,
      reason: event.reason,
      details: {
        from: result.record.from,
        to: result.record.to,
        details: result.record.details ?? null,
        slo: sloSummary(this.parts.rollout.view(nowMs)),
      },
    });
    return { result, event: audit };
  }

  /** `POST …/rollout`: advance, rollback, pause or resume by ops. */
  async action(action: RolloutAction, reason: string, actor: string): Promise<RolloutReply> {
    const { result, event } = await this.applyRollout({ kind: action, actor, reason });
    if (!result.ok || !event) {
      const refusal = result.ok ? { message: 'not applied', phase: this.parts.rollout.state.phase } : result;
      return { ok: false, reason: 'refused', message: refusal.message, phase: refusal.phase };
    }
    const { eventId, seq, kind, hash } = event;
    return {
      ok: true,
      rollout: this.parts.rollout.describe(this.parts.state().config),
      event: { eventId, seq, kind, hash },
    };
  }

  /**
   * The SLO sweep (cron, every minute): re-check the guard, then promote when the gate
   * allows. Returns the figures the sweep writes to `slo_metrics`.
   */
  async sweep() {
    const state = this.parts.state();
    const nowMs = Date.now();
    const judgment = this.parts.rollout.state.phase === 'shadow' ? null : await this.guard(nowMs);
    const drift = this.parts.rollout.checkDrift(state.config);
    this.lastDrift = drift;
    if (drift?.verdict === 'drift' && this.parts.rollout.state.frozenReason !== 'drift') {
      await this.applyRollout({
        kind: 'drift',
        actor: 'drift-detector',
        reason: drift.reason,
        details: drift,
      });
    }
    const promotion = this.promotionCheck(nowMs, judgment);
    let promoted: AuditEvent | null = null;
    if (promotion.promote) {
      const { event } = await this.applyRollout({
        kind: 'auto-promote',
        actor: 'promotion-gate',
        reason: promotion.reason,
        details: promotion,
      });
      promoted = event;
    }
    return {
      taskType: state.taskType,
      phase: this.parts.rollout.state.phase,
      verdict: judgment?.verdict ?? 'not-checked',
      judgment,
      slo: sloSummary(this.parts.rollout.view(nowMs)),
      promotion,
      drift,
      promoted: promoted !== null,
    };
  }

  promotionCheck(nowMs: number, judgment: Judgment | null): PromotionDecision {
    const state = this.parts.state();
    return checkPromotion(
      state.config,
      this.parts.rollout.state,
      this.parts.rollout.view(nowMs),
      judgment,
      this.parts.latestEvaluation(),
      state.arms,
      nowMs,
    );
  }
}
