import { EMPTY_STATS, type GaussianStats, mergeStats } from '../bandit/gaussian-stats';
import { canonicalJson } from '../common/canonical-json';
import { capEffectiveCount } from './weighted-stats';

/**
 * Arms of different members share statistics only when they are the same arm: same id and
 * same params (API.md "Warm start and groups"). This key says which arms those are.
 */
export function sharedArmKey(armId: string, params: unknown): string {
  return `${armId}\u0000${canonicalJson(params)}`;
}

/** One member's live statistics of one arm, as the group keeps them. */
export interface MemberArmStats {
  taskType: string;
  /** `sharedArmKey(armId, params)` */
  key: string;
  stats: GaussianStats;
}

/**
 * The pooled live statistics of the *other* members' arms with this key (leave-one-out): a
 * member must not count its own outcomes twice, once as data and once as prior.
 */
export function leaveOneOutPool(
  members: readonly MemberArmStats[],
  taskType: string,
  key: string,
): GaussianStats {
  let pool = EMPTY_STATS;
  for (const m of members) if (m.key === key && m.taskType !== taskType) pool = mergeStats(pool, m.stats);
  return pool;
}

/**
 * The group's empirical-Bayes prior for one member's arm: the leave-one-out pool shrunk to at
 * most `priorWeight` pseudo-outcomes, so the member's own data soon dominates.
 */
export function groupPrior(
  members: readonly MemberArmStats[],
  taskType: string,
  key: string,
  priorWeight: number,
): GaussianStats {
  return capEffectiveCount(leaveOneOutPool(members, taskType, key), priorWeight);
}

/**
 * What the member's policy draws from: its own statistics plus the group prior. The stored
 * statistics stay the member's own; only the draws see the sum.
 */
export function statsWithPrior(own: GaussianStats, prior: GaussianStats): GaussianStats {
  return mergeStats(own, prior);
}
