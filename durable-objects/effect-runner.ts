import type { Env } from '../functions/env';
import { ReservationQueue } from '../src/guards/reservations';
import { decisionDelta, outcomeDelta } from '../src/metrics/time-series';
import type { Effect } from '../src/optimizer/task-type-state';
import type { AuditEventRecord } from '../src/storage/audit-events';
import type { AlertQueue } from './alert-queue';
import type { AuditLog } from './audit-log';
import type { DecisionTable } from './decision-table';
import type { OutboxFlusher } from './outbox-flusher';
import type { TimeSeriesTable } from './time-series-table';

export interface EffectTargets {
  env: Env;
  decisions: DecisionTable;
  audit: AuditLog;
  alerts: AlertQueue;
  outbox: OutboxFlusher;
  series: TimeSeriesTable;
}

/**
 * Carries out what the pure steps ask, in the order they ask it: decision rows into the
 * outbox (and the time series), token reservations, audit events (with their alerts), alarms,
 * the directory.
 * Also keeps the live reservations' running total, an index over the decision rows.
 */
export class EffectRunner {
  private readonly reservations = new ReservationQueue();

  constructor(private readonly to: EffectTargets) {}

  /** At the start of an object that has tables: the live reservations from the decision rows. */
  resume(nowMs: number): void {
    for (const r of this.to.decisions.liveReservations(nowMs))
      this.reservations.add(r.decisionId, r.tokens, r.expiresAtMs);
  }

  /** Tokens held by live reservations now. */
  reservedTokens(nowMs: number): number {
    return this.reservations.reservedTokens(nowMs);
  }

  /** Runs the effects; returns the audit events appended, in order. */
  async run(effects: readonly Effect[]): Promise<AuditEventRecord[]> {
    const appended: AuditEventRecord[] = [];
    for (const effect of effects) {
      if (effect.kind === 'audit') appended.push(await this.record(effect.event));
      else if (effect.kind === 'register-task-type')
        await this.to.env.TASK_TYPE_DIRECTORY.getByName('global').register(effect.taskType);
      else this.runLocal(effect);
    }
    return appended;
  }

  private runLocal(effect: Exclude<Effect, { kind: 'audit' | 'register-task-type' }>): void {
    const { decisions, outbox, series } = this.to;
    switch (effect.kind) {
      case 'log-decision': {
        const { record, reservation } = effect;
        decisions.insertDecision(effect);
        const { armId, propensity } = record.response;
        series.add(decisionDelta(armId, record.issuedAtMs, propensity), Date.now());
        this.reservations.add(record.response.decisionId, reservation.tokens, reservation.expiresAtMs);
        return;
      }
      case 'log-outcome': {
        decisions.updateOutcome(effect.decision);
        // The step hands over the decision as it was read: no second read on the outcome path.
        const delta = outcomeDelta(effect.before, effect.decision);
        if (delta) series.add(delta, Date.now());
        return;
      }
      case 'settle-reservation':
        if (this.reservations.settle(effect.decisionId) > 0) decisions.settleReservation(effect.decisionId);
        return;
      case 'clear-reservations':
        this.reservations.clear();
        decisions.clearReservations();
        return;
      case 'flush-outbox':
        outbox.schedule();
        return;
    }
  }

  /** Appends an audit event to the chain, queues its alert, and has the outbox mirror it. */
  private async record(draft: Extract<Effect, { kind: 'audit' }>['event']): Promise<AuditEventRecord> {
    const appended = await this.to.audit.append(draft, Date.now());
    if (this.to.env.ALERT_WEBHOOK_URL) this.to.alerts.enqueue(appended, Date.now());
    this.to.outbox.schedule();
    return appended;
  }
}
