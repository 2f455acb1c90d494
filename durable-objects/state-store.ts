import { ownValue } from '../src/common/own-key';
import { emptyLedger } from '../src/guards/token-budget';
import type { ArmStats } from '../src/optimizer/arm-stats';
import { emptyFeatureSample } from '../src/optimizer/context-sample';
import type { PolicyState } from '../src/optimizer/policy-state';
import { startPromotionEvidence } from '../src/optimizer/promotion-evidence';
import { windowSettings } from '../src/optimizer/rollout-steps';
import { EMPTY_MEMORY, type TaskTypeState } from '../src/optimizer/task-type-state';
import { startAnytimeGuard } from '../src/rollout/anytime-guard';
import { initialRolloutState } from '../src/rollout/phase-machine';
import { emptySloWindow } from '../src/rollout/slo-window';
import { ArmStatsJson } from '../src/storage/arm-stats-json';
import { META } from '../src/storage/meta-keys';
import { MetaTable } from './meta-table';

/**
 * A task type's state in its SQLite storage, every piece under one key. `persist` writes what
 * a step changed (steps never change a state in place, so "changed" is "another object"). The
 * SLO window, the guard's statistics, promotion's evidence and the drift counts change with every outcome and request: they are written by
 * `flushDeferred` (the next alarm), or at once with a phase or config change.
 */
export class StateStore {
  private readonly meta: MetaTable;
  private deferred = false;

  constructor(private readonly sql: SqlStorage) {
    this.meta = new MetaTable(sql);
  }

  load(nowMs: number): TaskTypeState | null {
    const policy = this.loadPolicy();
    if (policy === null) return null;
    const m = this.meta;
    const rollout =
      m.read(META.rollout) ?? initialRolloutState(0, '0.0', m.read(META.legacyPhase) ?? 'shadow');
    const phaseSnapshot = m.read(META.phaseSnapshot);
    return {
      policy,
      rollout,
      guard: m.read(META.anytimeGuard) ?? startAnytimeGuard(rollout.phaseStartedAtMs),
      sloWindow: m.read(META.sloWindow) ?? emptySloWindow(windowSettings(null)),
      drift: m.read(META.drift) ?? { reference: null, recent: emptyFeatureSample() },
      budget: {
        ledger: m.read(META.budgetLedger) ?? emptyLedger(nowMs),
        waivers: m.read(META.budgetWaivers) ?? [],
      },
      unknownFeatures: m.read(META.unknownFeatures) ?? {},
      latestEvaluation: m.read(META.latestEvaluation),
      promotionEvidence:
        m.read(META.promotionEvidence) ??
        startPromotionEvidence(
          rollout.phaseStartedAtMs,
          rollout.phasePolicyVersion,
          phaseSnapshot?.state ?? null,
        ),
      phaseSnapshot,
      ...optionalPieces(m),
      memory: EMPTY_MEMORY,
    };
  }

  /** The task type's name, or null before its first config. */
  taskType(): string | null {
    return this.meta.read(META.taskType);
  }

  persist(prev: TaskTypeState | null, next: TaskTypeState): void {
    this.savePolicy(prev?.policy ?? null, next.policy);
    const m = this.meta;
    if (prev?.rollout !== next.rollout) m.write(META.rollout, next.rollout);
    if (prev?.budget.ledger !== next.budget.ledger) m.write(META.budgetLedger, next.budget.ledger);
    if (prev?.budget.waivers !== next.budget.waivers) m.write(META.budgetWaivers, next.budget.waivers);
    if (prev?.unknownFeatures !== next.unknownFeatures) m.write(META.unknownFeatures, next.unknownFeatures);
    if (next.latestEvaluation && prev?.latestEvaluation !== next.latestEvaluation)
      m.write(META.latestEvaluation, next.latestEvaluation);
    if (next.phaseSnapshot && prev?.phaseSnapshot !== next.phaseSnapshot)
      m.write(META.phaseSnapshot, next.phaseSnapshot);
    if (next.costToday && prev?.costToday !== next.costToday) m.write(META.costToday, next.costToday);
    if (next.warmStartSources && prev?.warmStartSources !== next.warmStartSources)
      m.write(META.warmStartSources, next.warmStartSources);
    if (
      prev?.sloWindow !== next.sloWindow ||
      prev?.drift !== next.drift ||
      prev?.guard !== next.guard ||
      prev?.promotionEvidence !== next.promotionEvidence
    )
      this.deferred = true;
    if (prev?.rollout !== next.rollout || prev?.policy.config !== next.policy.config)
      this.flushDeferred(next);
  }

  /** Writes the SLO window, drift counts, guard and promotion evidence when they changed since last written. */
  flushDeferred(state: TaskTypeState): void {
    if (!this.deferred) return;
    this.meta.write(META.sloWindow, state.sloWindow);
    this.meta.write(META.drift, state.drift);
    this.meta.write(META.anytimeGuard, state.guard);
    this.meta.write(META.promotionEvidence, state.promotionEvidence);
    this.deferred = false;
  }

  private loadPolicy(): PolicyState | null {
    const taskType = this.meta.read(META.taskType);
    const config = this.meta.read(META.config);
    if (taskType === null || config === null) return null;
    const arms: Record<string, ArmStats> = {};
    for (const row of this.sql.exec<{ arm_id: string; stats: string }>('SELECT arm_id, stats FROM arms'))
      arms[row.arm_id] = ArmStatsJson.parse(JSON.parse(row.stats));
    // arm_pulls is the pull counter of record; the copy inside the stats JSON may be older.
    for (const row of this.sql.exec<{ arm_id: string; pulls: number }>(
      'SELECT arm_id, pulls FROM arm_pulls',
    )) {
      const stats = arms[row.arm_id];
      if (stats) arms[row.arm_id] = { ...stats, pulls: row.pulls };
    }
    return {
      taskType,
      config,
      configVersion: this.meta.read(META.configVersion) ?? 1,
      revision: this.meta.read(META.revision) ?? 0,
      arms,
      linear: this.meta.read(META.linearState),
      armSince: this.meta.read(META.armSince) ?? {},
    };
  }

  private savePolicy(prev: PolicyState | null, next: PolicyState): void {
    const m = this.meta;
    if (prev?.taskType !== next.taskType) m.write(META.taskType, next.taskType);
    if (prev?.config !== next.config) m.write(META.config, next.config);
    if (prev?.configVersion !== next.configVersion) m.write(META.configVersion, next.configVersion);
    if (prev?.revision !== next.revision) m.write(META.revision, next.revision);
    if (prev === null || prev.linear !== next.linear) m.write(META.linearState, next.linear);
    if (prev?.armSince !== next.armSince) m.write(META.armSince, next.armSince);
    for (const [armId, stats] of Object.entries(next.arms)) {
      const before = prev ? ownValue(prev.arms, armId) : undefined;
      if (before === stats) continue;
      // recommend's hot path: a pull alone is a one-row counter update, not a rewrite of the statistics
      if (before && onlyPullsDiffer(before, stats)) this.savePulls(armId, stats.pulls);
      else this.saveArm(armId, stats);
    }
    for (const armId of Object.keys(prev?.arms ?? {})) {
      if (!Object.hasOwn(next.arms, armId)) this.deleteArm(armId);
    }
  }

  private saveArm(armId: string, stats: ArmStats): void {
    this.sql.exec('INSERT OR REPLACE INTO arms (arm_id, stats) VALUES (?, ?)', armId, JSON.stringify(stats));
    this.sql.exec('INSERT OR REPLACE INTO arm_pulls (arm_id, pulls) VALUES (?, ?)', armId, stats.pulls);
  }

  private savePulls(armId: string, pulls: number): void {
    this.sql.exec('INSERT OR REPLACE INTO arm_pulls (arm_id, pulls) VALUES (?, ?)', armId, pulls);
  }

  private deleteArm(armId: string): void {
    this.sql.exec('DELETE FROM arms WHERE arm_id = ?', armId);
    this.sql.exec('DELETE FROM arm_pulls WHERE arm_id = ?', armId);
  }
}

/** The pieces a task type has only once it used them (cost, warm start). */
function optionalPieces(m: MetaTable): Pick<TaskTypeState, 'costToday' | 'warmStartSources'> {
  const costToday = m.read(META.costToday);
  const warmStartSources = m.read(META.warmStartSources);
  return {
    ...(costToday ? { costToday } : {}),
    ...(warmStartSources ? { warmStartSources } : {}),
  };
}

function onlyPullsDiffer(a: ArmStats, b: ArmStats): boolean {
  const keys = Object.keys(b) as (keyof ArmStats)[];
  return keys.length === Object.keys(a).length && keys.every((k) => k === 'pulls' || a[k] === b[k]);
}
