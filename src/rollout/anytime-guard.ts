/**
 * The SLO guard of the second release (DESIGN §10): statistics accumulate from the phase's
 * start (or the last resume) and every rule is a confidence sequence or a bet that is valid at
 * every sample size at once, so it may be judged after every outcome and by every sweep with no
 * alpha spending and no looks. Sliding windows are for display only (slo-window.ts).
 *
 * | rule | breach when proven at its level (ruleAlphas) | statistic |
 * | --- | --- | --- |
 * | latency-p99-relative | treated p99 > control p99 × latencyRatioMax | exceedance of the control p99's upper bound |
 * | quality-relative | treated mean < control mean − qualityDropMax | betting CSs, union of both cohorts |
 * | error-rate-relative | treated error rate > control + errorRateDeltaMax | betting CSs, union |
 * | latency-p99-absolute | treated p99 > slo.latencyP99Ms | exceedance of the SLO |
 * | quality-absolute | treated mean < slo.qualityMin | betting CS |
 * | error-rate | treated error rate > slo.errorRateMax | betting CS |
 *
 * R counts the active rules, so P(any false breach during the phase) ≤ α by a union bound;
 * with `qualityAlpha` set, quality-relative is judged at that level and the others share α
 * (`ruleAlphas`).
 * The state is a plain JSON object mutated in place by `foldGuardOutcome` (O(1) per outcome).
 */
import { emptyMeanCs, foldMeanCs, type MeanCsState } from '../stats/betting-cs';
import { emptyLatencyHistogram, foldLatency, type LatencyHistogram } from '../stats/latency-histogram';
import { evidenceOf, provenBreach } from './anytime-rules';

export const ANYTIME_RULE_IDS = [
  'latency-p99-relative',
  'quality-relative',
  'error-rate-relative',
  'latency-p99-absolute',
  'quality-absolute',
  'error-rate',
] as const;
export type AnytimeRuleId = (typeof ANYTIME_RULE_IDS)[number];
export type Verdict = 'breach' | 'ok' | 'inconclusive';
export type Cohort = 'treated' | 'control';

export interface CohortAccumulator {
  quality: MeanCsState;
  /** 1 per failed call, 0 per successful one */
  errors: MeanCsState;
  latency: LatencyHistogram;
}

export interface AnytimeGuardState {
  /** phase start or last resume (Unix ms): the statistics cover outcomes since */
  sinceMs: number;
  treated: CohortAccumulator;
  control: CohortAccumulator;
}

export interface AnytimeGuardSettings {
  /** P(any false breach over the phase) ≤ alpha (default 0.01), over every rule but quality-relative */
  alpha: number;
  /**
   * The quality-relative rule's own level (default: a share α/R like the others). A quality drop
   * of a few points is small next to the noise of a canary's few hundred treated outcomes; at
   * α/R ≈ 0.003 no valid bound can catch it within hours (docs/rollout.md), so the rule may
   * be given more error at its boundary. Identical cohorts sit a whole `qualityDropMax` inside it.
   */
  qualityAlpha?: number | undefined;
  latencyRatioMax: number;
  qualityDropMax: number;
  /** breach when treated error rate > control + this (default 0.02) */
  errorRateDeltaMax: number;
  /** below these counts a rule that is not in breach says inconclusive rather than ok */
  minSamples: { treated: number; control: number };
  slo: {
    latencyP99Ms?: number | undefined;
    qualityMin?: number | undefined;
    errorRateMax?: number | undefined;
  };
}

export const DEFAULT_ANYTIME_GUARD_SETTINGS: AnytimeGuardSettings = Object.freeze({
  alpha: 0.01,
  latencyRatioMax: 1.1,
  qualityDropMax: 0.05,
  errorRateDeltaMax: 0.02,
  minSamples: { treated: 20, control: 50 },
  slo: {},
});

/**
 * The bets of the betting CSs are tuned for this α (about α/R of one side); the bounds are
 * valid at any α, this only decides where they are tightest.
 */
const DESIGN_ALPHA = 0.002;
/**
 * The treated quality bet is tuned for a few hundred outcomes: about what a canary at 1 req/s
 * collects in two hours, where a quality drop must be caught (DESIGN §10). It stays valid at
 * every n; it is tightest there.
 */
const QUALITY_HORIZON = 300;
/**
 * The control's quality bet is tuned for what the control collects in the same two hours of a
 * canary at 1 req/s (95 % of ~7,200): its bound is then tight where the treated one has to
 * clear it, and stays valid at every n.
 */
const CONTROL_QUALITY_HORIZON = 6000;

/**
 * The quality bets are tuned for the quality rule's default level (`breach.qualityAlpha` 0.08:
 * 90 % of it on the treated side, 10 % on the control's); like the horizon this only says where
 * they are tightest.
 */
const QUALITY_DESIGN_ALPHA = { treated: 0.072, control: 0.008 };

function emptyCohort(horizon: number, qualityDesignAlpha: number): CohortAccumulator {
  return {
    quality: emptyMeanCs({ designAlpha: qualityDesignAlpha, horizon }),
    errors: emptyMeanCs({ designAlpha: DESIGN_ALPHA }),
    latency: emptyLatencyHistogram(),
  };
}

/** Fresh statistics for a phase that starts (or resumes) at `sinceMs`. */
export function startAnytimeGuard(sinceMs: number): AnytimeGuardState {
  return {
    sinceMs,
    treated: emptyCohort(QUALITY_HORIZON, QUALITY_DESIGN_ALPHA.treated),
    control: emptyCohort(CONTROL_QUALITY_HORIZON, QUALITY_DESIGN_ALPHA.control),
  };
}

/** An outcome's parts; each is folded on its own, so partial outcomes (quality later) are fine. */
export interface GuardOutcome {
  latencyMs?: number | undefined;
  quality?: number | undefined;
  success?: boolean | undefined;
}

/** Folds one outcome (or one part of it) into its cohort. Mutates and returns the state. */
export function foldGuardOutcome(
  state: AnytimeGuardState,
  cohort: Cohort,
  outcome: GuardOutcome,
): AnytimeGuardState {
  const c = state[cohort];
  if (outcome.latencyMs !== undefined) foldLatency(c.latency, outcome.latencyMs);
  if (outcome.quality !== undefined) foldMeanCs(c.quality, Math.min(1, Math.max(0, outcome.quality)));
  if (outcome.success !== undefined) foldMeanCs(c.errors, outcome.success ? 0 : 1);
  return state;
}

export interface AnytimeRuleResult {
  rule: AnytimeRuleId;
  verdict: Verdict;
  /** point estimates (null when a cohort has no data) */
  treated: number | null;
  control: number | null;
  /** what the treated point estimate is compared with */
  threshold: number | null;
  /** the bounds compared (e.g. treated upper and control lower bound of quality) */
  bounds: { treated: number | null; control: number | null };
  n: { treated: number; control: number };
  /** the level this rule is judged at (ruleAlphas) */
  alpha: number;
  reason: string;
}

export interface AnytimeJudgment {
  verdict: Verdict;
  rules: AnytimeRuleResult[];
  /** the first rule in breach (the rollback event's details) */
  breach: AnytimeRuleResult | null;
  reason: string;
}

/** The rules that apply: the relative ones always, each absolute SLO when set. */
export function activeAnytimeRules(settings: AnytimeGuardSettings): AnytimeRuleId[] {
  return ANYTIME_RULE_IDS.filter(
    (rule) =>
      (rule !== 'latency-p99-absolute' || settings.slo.latencyP99Ms !== undefined) &&
      (rule !== 'quality-absolute' || settings.slo.qualityMin !== undefined) &&
      (rule !== 'error-rate' || settings.slo.errorRateMax !== undefined),
  );
}

/**
 * The level each rule is judged at: quality-relative at `qualityAlpha` when set, the other
 * rules share α equally (a union bound over them); without `qualityAlpha`, α/R each.
 */
export function ruleAlphas(settings: AnytimeGuardSettings): Map<AnytimeRuleId, number> {
  const rules = activeAnytimeRules(settings);
  const own = settings.qualityAlpha;
  const pooled = own === undefined ? rules.length : rules.length - 1;
  return new Map(
    rules.map((rule) => [
      rule,
      own !== undefined && rule === 'quality-relative' ? own : settings.alpha / pooled,
    ]),
  );
}

/** Judges every active rule on the accumulated statistics. Pure (reads the state only). */
export function judgeAnytimeGuard(state: AnytimeGuardState, settings: AnytimeGuardSettings): AnytimeJudgment {
  const results = [...ruleAlphas(settings)].map(([rule, alpha]) => judgeRule(rule, state, settings, alpha));
  const breach = results.find((r) => r.verdict === 'breach') ?? null;
  if (breach) return { verdict: 'breach', rules: results, breach, reason: breach.reason };
  const open = results.filter((r) => r.verdict === 'inconclusive');
  if (open.length > 0)
    return {
      verdict: 'inconclusive',
      rules: results,
      breach: null,
      reason: open.map((r) => r.reason).join('; '),
    };
  return {
    verdict: 'ok',
    rules: results,
    breach: null,
    reason: `all ${results.length} rules within thresholds`,
  };
}

/**
 * The first active rule whose breach is proven, or null: the check after every outcome, without
 * the point estimates and words of a full judgment (the sweep and the status use
 * `judgeAnytimeGuard`; both read the same evidence).
 */
export function firstAnytimeBreach(
  state: AnytimeGuardState,
  settings: AnytimeGuardSettings,
): AnytimeRuleId | null {
  for (const [rule, alpha] of ruleAlphas(settings))
    if (provenBreach(rule, state, settings, alpha)) return rule;
  return null;
}

const fmt = (x: number | null): string =>
  x === null ? 'n/a' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);

function judgeRule(
  rule: AnytimeRuleId,
  state: AnytimeGuardState,
  settings: AnytimeGuardSettings,
  alpha: number,
): AnytimeRuleResult {
  const { treated, control } = state;
  const relative = rule.endsWith('relative');
  const pick = (c: CohortAccumulator) =>
    rule.startsWith('latency') ? c.latency.n : rule.startsWith('quality') ? c.quality.n : c.errors.n;
  const n = { treated: pick(treated), control: pick(control) };
  const evidence = evidenceOf(rule, state, settings, alpha);
  const result = { rule, n, alpha, ...evidence.values };
  const where = `treated ${fmt(result.treated)} vs threshold ${fmt(result.threshold)} (n ${n.treated}/${n.control})`;
  if (evidence.proven)
    return {
      ...result,
      verdict: 'breach',
      reason: `${rule}: breach proven at α = ${alpha.toPrecision(3)}: ${where}`,
    };
  const tooFew =
    n.treated < settings.minSamples.treated
      ? `treated ${n.treated} < ${settings.minSamples.treated}`
      : relative && n.control < settings.minSamples.control
        ? `control ${n.control} < ${settings.minSamples.control}`
        : null;
  if (tooFew !== null)
    return { ...result, verdict: 'inconclusive', reason: `${rule}: too few samples (${tooFew})` };
  if (evidence.pastThreshold)
    return {
      ...result,
      verdict: 'inconclusive',
      reason: `${rule}: past the threshold, not proven yet: ${where}`,
    };
  return { ...result, verdict: 'ok', reason: `${rule}: within: ${where}` };
}
