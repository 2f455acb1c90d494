/**
 * The SLO guard: re-checked after every outcome (or sweep), it judges every active breach
 * rule on the window's view and decides which checks are *looks* that may reject. A rule
 * looks at most once per epoch of its treated sample size within a segment, and its k-th look
 * of segment s tests at δ = (α / rules)·w(s)·w(k),
 * so the chance of any false breach over a whole phase stays ≤ α (alpha-spending.ts).
 * Reset the guard (INITIAL_GUARD) whenever the phase changes: the budget α is per phase.
 */
import { epochOf, lookDelta } from './alpha-spending';
import {
  activeRules,
  type BreachThresholds,
  judgeRule,
  type MinSamples,
  metricCount,
  type RuleId,
  type RuleJudgment,
  type Verdict,
} from './breach-rules';
import type { RolloutSettings } from './config';
import type { WindowView } from './slo-window';

export interface Look {
  segment: number;
  epoch: number;
  /** k: this was the k-th look of the rule in the segment */
  ordinal: number;
}

export interface GuardState {
  /** alpha segment: +1 each time the window dropped data since the previous check */
  segment: number;
  /** start of the oldest bucket with data at the previous check */
  oldestDataMs: number | null;
  /** the last look each rule spent */
  looks: Partial<Record<RuleId, Look>>;
}

export const INITIAL_GUARD: GuardState = Object.freeze({ segment: 1, oldestDataMs: null, looks: {} });

export interface GuardSettings {
  thresholds: BreachThresholds;
  minSamples: MinSamples;
  /** error budget of the phase */
  alpha: number;
  /** ρ of the epochs */
  epochGrowth: number;
}

export interface Judgment {
  verdict: Verdict;
  rules: RuleJudgment[];
  /** the first rule in breach, for the rollback event */
  breach: RuleJudgment | null;
  reason: string;
  segment: number;
}

/** The task type's absolute SLO (`slo` of the config), each optional. */
export interface AbsoluteSlo {
  latencyP99Ms?: number | undefined;
  qualityMin?: number | undefined;
  errorRateMax?: number | undefined;
}

/** Guard settings from the rollout settings and the task type's absolute SLO. */
export function guardSettingsOf(settings: RolloutSettings, slo: AbsoluteSlo): GuardSettings {
  return {
    thresholds: {
      latencyRatioMax: settings.breach.latencyRatioMax,
      qualityDropMax: settings.breach.qualityDropMax,
      latencyP99Ms: slo.latencyP99Ms,
      qualityMin: slo.qualityMin,
      errorRateMax: slo.errorRateMax,
    },
    minSamples: settings.minSamples,
    alpha: settings.breach.alpha,
    epochGrowth: settings.breach.epochGrowth,
  };
}

/** One check of the guard on the window's view. Pure: same state and view, same answer. */
export function checkGuard(
  state: GuardState,
  view: WindowView,
  settings: GuardSettings,
): { state: GuardState; result: Judgment } {
  // Data left the window since the last check: the sample may shrink, so epochs restart in a new segment.
  const dropped = state.oldestDataMs !== null && view.fromMs > state.oldestDataMs;
  const segment = state.segment + (dropped ? 1 : 0);
  const looks = { ...state.looks };
  const rules = activeRules(settings.thresholds);
  const judgments = rules.map((rule) => {
    const n = metricCount(rule, view.treated);
    let delta: number | null = null;
    let epoch = 0;
    let ordinal = 1;
    if (n >= settings.minSamples.treated) {
      epoch = epochOf(n, settings.minSamples.treated, settings.epochGrowth);
      const last = looks[rule];
      const sameSegment = last !== undefined && last.segment === segment;
      ordinal = sameSegment ? last.ordinal + 1 : 1;
      if (!sameSegment || last.epoch < epoch)
        delta = lookDelta(settings.alpha / rules.length, segment, ordinal);
    }
    const judgment = judgeRule(
      rule,
      view.treated,
      view.control,
      settings.thresholds,
      settings.minSamples,
      delta,
    );
    if (judgment.looked) looks[rule] = { segment, epoch, ordinal };
    return judgment;
  });
  return {
    state: { segment, oldestDataMs: view.oldestDataMs, looks },
    result: summarize(judgments, segment),
  };
}

function summarize(rules: RuleJudgment[], segment: number): Judgment {
  const breach = rules.find((r) => r.verdict === 'breach') ?? null;
  if (breach) return { verdict: 'breach', rules, breach, reason: breach.reason, segment };
  const open = rules.filter((r) => r.verdict === 'inconclusive');
  if (open.length > 0)
    return {
      verdict: 'inconclusive',
      rules,
      breach: null,
      reason: open.map((r) => r.reason).join('; '),
      segment,
    };
  return {
    verdict: 'ok',
    rules,
    breach: null,
    reason: `all ${rules.length} rules within thresholds`,
    segment,
  };
}
