import type { DecisionLogLine } from '../contract/decision-log';
import type { PolicyState } from '../optimizer/policy-state';
import { bootstrapMeans } from './bootstrap';
import {
  assembleReport,
  DEFAULT_EVALUATION,
  type EvaluationOptions,
  type EvaluationReport,
  prepareEvaluation,
} from './evaluate';
import { differenceInterval } from './intervals';
import { learnedTargetPolicy } from './learned-policy';
import { LogBuilder } from './log-builder';
import { singleArmPolicy } from './target-policy';
import { ESTIMATOR_NAMES, type Interval } from './types';

/** The estimator whose paired (policy − baseline) bound gates promotion: DR is unbiased with a fitted q̂ and tighter than IPS. */
export const GATE_ESTIMATOR = 'dr' as const;

export interface TaskTypeEvaluation extends EvaluationReport {
  /** rows whose arm is no longer in the config (left out) */
  excludedRows: number;
  /** paired bootstrap intervals of (policy − baseline) on the same resamples, by GATE_ESTIMATOR */
  comparisons: { policy: string; versus: string; estimator: typeof GATE_ESTIMATOR; difference: Interval }[];
  /** the figure promotion reads: the lower bound of (phase-start snapshot − baseline), or null when not estimable */
  gateLowerBound: number | null;
}

/** How the report names its policies; `current` also seeds the current policy's rows. */
export const POLICY_NAMES = {
  baseline: 'baseline',
  current: 'current',
  snapshot: 'phase-start-snapshot',
} as const;

/**
 * Evaluates a task type's baseline, its current learned policy and the policy frozen when the
 * phase began on a window of logged decisions (DESIGN.md §7, issue "offline evaluation").
 */
export function evaluateTaskType(
  lines: readonly DecisionLogLine[],
  current: PolicyState,
  snapshot: PolicyState,
  options: EvaluationOptions = DEFAULT_EVALUATION,
): TaskTypeEvaluation | { n: 0; missingRewards: number; excludedRows: number; verdict: string } {
  const armIds = current.config.arms.map((a) => a.id);
  const builder = new LogBuilder(armIds, { keepContexts: true });
  // the randomization unit of each row the log keeps (API.md "Randomization"): the row's own
  // decision unless the request named a unit
  const unitKeys: string[] = [];
  let excludedRows = 0;
  lines.forEach((line, i) => {
    if (!armIds.includes(line.armId)) {
      excludedRows += 1;
      return;
    }
    const added = builder.addDecision(line, i + 1);
    if (!added.ok) throw new Error(added.message);
    if (line.reward === null) return;
    unitKeys.push(line.unitId ?? line.decisionId);
  });
  const log = builder.finish();
  const contexts = log.contexts ?? [];
  if (log.n === 0) {
    return {
      n: 0,
      missingRewards: log.missingRewards,
      excludedRows,
      verdict: 'No decision in the window has a reward yet.',
    };
  }
  const baseline = singleArmPolicy(armIds, armIds.indexOf(current.config.baselineArmId));
  const policies = [
    { ...baseline, name: POLICY_NAMES.baseline },
    learnedTargetPolicy(POLICY_NAMES.current, current, contexts),
    learnedTargetPolicy(POLICY_NAMES.snapshot, snapshot, contexts),
  ];
  const prepared = prepareEvaluation(log, policies, options);
  const units = repeatedUnits(unitKeys);
  const means = bootstrapMeans(prepared.columns, {
    resamples: options.resamples,
    seed: options.seed,
    method: options.bootstrap,
    ...(units ? { units } : {}),
  });
  const report = assembleReport(prepared, means, options);
  const gate = ESTIMATOR_NAMES.indexOf(GATE_ESTIMATOR);
  const column = (policy: number) => means[policy * ESTIMATOR_NAMES.length + gate]!;
  const estimate = (policy: number) => prepared.policies[policy]!.estimators[GATE_ESTIMATOR].value;
  const comparisons = [1, 2].map((p) => ({
    policy: policies[p]!.name,
    versus: POLICY_NAMES.baseline,
    estimator: GATE_ESTIMATOR,
    difference: differenceInterval(column(p), column(0), estimate(p) - estimate(0), options.alpha),
  }));
  const snapshotReport = report.policies[2]!;
  const low = comparisons[1]!.difference.low;
  return {
    ...report,
    excludedRows,
    comparisons,
    // No bound when the log cannot support the snapshot (e.g. shadow-only logs, unsupported arms).
    gateLowerBound: snapshotReport.diagnostics.verdict === null && Number.isFinite(low) ? low : null,
  };
}

/** Unit indices (0 … units − 1) of the rows when some unit has more than one row, else null. */
export function repeatedUnits(keys: readonly string[]): Int32Array | null {
  const index = new Map<string, number>();
  const units = new Int32Array(keys.length);
  keys.forEach((key, i) => {
    let u = index.get(key);
    if (u === undefined) {
      u = index.size;
      index.set(key, u);
    }
    units[i] = u;
  });
  return index.size < keys.length ? units : null;
}
