import { EMPTY_STATS, type GaussianStats } from '../bandit/gaussian-stats';

/** One member's own statistics per shared arm key (`sharedArmKey`). */
export interface MemberStats {
  taskType: string;
  arms: Readonly<Record<string, GaussianStats>>;
}

/**
 * Precision-weighted mean over the other members of their own contrast (arm − baseline, both
 * measured in that member), per arm key. Contrasts, not levels: subjects differ in how hard they
 * are far more than in how much better one model is, and averaging levels over members that
 * served different arm mixes gives a biased contrast (Simpson's paradox).
 */
export function pooledContrasts(
  members: readonly MemberStats[],
  taskType: string,
  baselineKey: string,
): Record<string, number> {
  const weight: Record<string, number> = {};
  const mean: Record<string, number> = {};
  for (const m of members) {
    if (m.taskType === taskType) continue;
    const base = m.arms[baselineKey];
    if (!base || base.n < 1) continue;
    for (const [key, s] of Object.entries(m.arms)) {
      if (key === baselineKey || s.n < 1) continue;
      const w = 1 / (1 / s.n + 1 / base.n);
      const d = s.mean - base.mean;
      const total = (weight[key] ?? 0) + w;
      mean[key] = (mean[key] ?? 0) + (w * (d - (mean[key] ?? 0))) / total;
      weight[key] = total;
    }
  }
  return { ...mean, [baselineKey]: 0 };
}

/**
 * The group prior that won the MMLU replays (bench/routing-sim.ts, "symmetric contrasts"): each
 * arm gets `priorWeight / 2` pseudo-outcomes at L + c, with c its pooled contrast and L this
 * member's own level on the baseline's scale, estimated from all its arms (each moved by its
 * contrast, so one arm's early luck does not pin the others). With no own outcome yet there is
 * no level, so no prior. The spread of the pseudo-outcomes is the arm's own (M2/n) once it has
 * two outcomes, else `fallbackVariance`.
 */
export function contrastGroupPrior(
  own: Readonly<Record<string, GaussianStats>>,
  members: readonly MemberStats[],
  taskType: string,
  baselineKey: string,
  armKeys: readonly string[],
  priorWeight: number,
  fallbackVariance: number,
): Record<string, GaussianStats> {
  const contrasts = pooledContrasts(members, taskType, baselineKey);
  let n = 0;
  let sum = 0;
  for (const key of armKeys) {
    const s = own[key];
    const c = contrasts[key];
    if (!s || s.n === 0 || c === undefined) continue;
    n += s.n;
    sum += s.n * (s.mean - c);
  }
  const none = Object.fromEntries(armKeys.map((k) => [k, EMPTY_STATS]));
  if (n === 0 || Object.keys(contrasts).length < 2) return none;
  const level = sum / n;
  const pseudo = priorWeight / 2;
  return Object.fromEntries(
    armKeys.map((key) => {
      const c = contrasts[key];
      if (c === undefined) return [key, EMPTY_STATS];
      const s = own[key];
      const spread = s && s.n > 1 ? s.m2 / s.n : fallbackVariance;
      return [key, { n: pseudo, mean: level + c, m2: pseudo * spread }];
    }),
  );
}
