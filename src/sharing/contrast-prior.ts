import { EMPTY_STATS, type GaussianStats } from '../bandit/gaussian-stats';
import { type Estimate, type RandomEffectsPool, randomEffectsPool } from './random-effects';

/** One member's own statistics per shared arm key (`sharedArmKey`). */
export interface MemberStats {
  taskType: string;
  arms: Readonly<Record<string, GaussianStats>>;
}

/** A member's contrast counts once both arms have this many outcomes of their own. */
const MIN_OUTCOMES_PER_ARM = 5;
/** Fewer members than this give no pooled contrast: τ² from two points is noise. */
const MIN_MEMBERS = 3;
/** The within-arm variance is the member's own once its two arms have this many degrees of freedom. */
const MIN_DOF = 10;

/**
 * Per arm key, the random-effects pool (DerSimonian–Laird) of the *other* members' own contrasts
 * (arm − baseline, both measured in that member). Contrasts, not levels: subjects differ in how
 * hard they are far more than in how much better one model is, and averaging levels over members
 * that served different arm mixes gives a biased contrast (Simpson's paradox). Random effects, not
 * a fixed-effect mean: the pool says how far members really differ (τ²), and so how much it may
 * tell a member about its own contrast.
 */
export function pooledContrasts(
  members: readonly MemberStats[],
  taskType: string,
  baselineKey: string,
  fallbackVariance: number,
): Record<string, RandomEffectsPool> {
  const studies: Record<string, Estimate[]> = {};
  for (const m of members) {
    const base = m.arms[baselineKey];
    if (m.taskType === taskType || !base || base.n < MIN_OUTCOMES_PER_ARM) continue;
    for (const [key, s] of Object.entries(m.arms)) {
      if (key === baselineKey || s.n < MIN_OUTCOMES_PER_ARM) continue;
      const sigma2 = pooledVariance([s, base], fallbackVariance);
      const study = { value: s.mean - base.mean, variance: sigma2 * (1 / s.n + 1 / base.n) };
      studies[key] = [...(studies[key] ?? []), study];
    }
  }
  const pools: Record<string, RandomEffectsPool> = {};
  for (const [key, list] of Object.entries(studies)) {
    const pool = list.length >= MIN_MEMBERS ? randomEffectsPool(list) : null;
    if (pool) pools[key] = pool;
  }
  return pools;
}

export interface ContrastPriorWeights {
  /** at most this many pseudo-outcomes (split over an arm and the baseline) from the group's pool */
  priorWeight: number;
  /** pseudo-outcomes at contrast 0 for an arm the pool says nothing of (`contrastPriorWeight`) */
  shrinkWeight: number;
  /** the spread of a pseudo-outcome before the member's arms can say their own */
  fallbackVariance: number;
}

/**
 * The prior a member's arms draw with: pseudo-outcomes placed at the member's own level plus each
 * arm's contrast with the baseline. An arm the group has pooled gets its pooled contrast, worth as
 * many pseudo-outcomes as the pool's predictive variance says (2 arms × σ²/(k/2) = that variance,
 * at most `priorWeight`); any other arm gets contrast 0 at `shrinkWeight`: arms of one task type
 * are believed to differ by little until the member's own outcomes say otherwise, which keeps one
 * early unlucky run from locking an arm out. The level L is the member's own, on the baseline's
 * scale, estimated from all its arms (each moved by its contrast, so one arm's early luck does not
 * pin the others); with no own outcome there is no level, so no prior.
 */
export function contrastPrior(
  own: Readonly<Record<string, GaussianStats>>,
  pools: Readonly<Record<string, RandomEffectsPool>>,
  baselineKey: string,
  armKeys: readonly string[],
  weights: ContrastPriorWeights,
): Record<string, GaussianStats> {
  const ownArms = armKeys.map((k) => own[k] ?? EMPTY_STATS);
  const sigma2 = pooledVariance(ownArms, weights.fallbackVariance);
  const contrast = (key: string) => (key === baselineKey ? 0 : (pools[key]?.mean ?? 0));
  const count = (key: string) => {
    const pool = pools[key];
    if (!pool) return weights.shrinkWeight;
    return Math.min(weights.priorWeight, (4 * sigma2) / pool.predictiveVariance);
  };
  const others = armKeys.filter((k) => k !== baselineKey);
  const counts: Record<string, number> = Object.fromEntries(others.map((k) => [k, count(k)]));
  // The baseline is in every contrast: it carries the largest count any contrast asks for.
  counts[baselineKey] = others.length > 0 ? Math.max(...others.map((k) => counts[k]!)) : weights.shrinkWeight;
  let n = 0;
  let sum = 0;
  armKeys.forEach((key, i) => {
    const s = ownArms[i]!;
    n += s.n;
    sum += s.n * (s.mean - contrast(key));
  });
  if (n === 0) return Object.fromEntries(armKeys.map((k) => [k, EMPTY_STATS]));
  const level = sum / n;
  return Object.fromEntries(
    armKeys.map((key, i) => {
      const pseudo = (counts[key] ?? 0) / 2;
      if (!(pseudo > 0)) return [key, EMPTY_STATS];
      const s = ownArms[i]!;
      const spread = s.n > 1 ? s.m2 / s.n : weights.fallbackVariance;
      return [key, { n: pseudo, mean: level + contrast(key), m2: pseudo * spread }];
    }),
  );
}

/** Within-arm variance pooled over arms (M2 over degrees of freedom), or the fallback while they have too few outcomes. */
export function pooledVariance(arms: readonly GaussianStats[], fallback: number): number {
  const dof = arms.reduce((s, a) => s + Math.max(0, a.n - 1), 0);
  return dof >= MIN_DOF ? arms.reduce((s, a) => s + a.m2, 0) / dof : fallback;
}
