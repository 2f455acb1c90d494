import { EMPTY_STATS, type GaussianStats } from '../bandit/gaussian-stats';
import type { Arm } from '../contract/task-type';
import {
  type ContrastPriorWeights,
  contrastPrior,
  type MemberStats,
  pooledContrasts,
} from './contrast-prior';
import { groupPrior, type MemberArmStats, sharedArmKey } from './group-prior';

/** How often a member pushes its arms' statistics to the group and pulls the pool, at most. */
export const GROUP_SYNC_MS = 2000;
/** The spread a pseudo-outcome gets before the arm has two outcomes of its own (a 0/1 quality's largest is ¼). */
const FALLBACK_VARIANCE = 0.2;

/** A member's live reward statistics keyed by `sharedArmKey` (same id and params = same arm). */
export function memberArmKeys(
  arms: readonly Arm[],
  own: (armId: string) => GaussianStats,
): Record<string, GaussianStats> {
  return Object.fromEntries(arms.map((a) => [sharedArmKey(a.id, a.params), own(a.id)]));
}

/**
 * The prior each of a member's arms draws with (API.md "Warm start and groups"): the group's
 * contrast prior (src/sharing/contrast-prior.ts: the random-effects pool of the other members'
 * arm − baseline contrasts, placed on this member's own level, worth at most `priorWeight`
 * pseudo-outcomes), leave-one-out. A member with no outcome yet has no level of its own: it
 * starts from the other members' pooled levels, shrunk to `priorWeight` (a new task type, or an
 * arm whose params changed, starts from the pool).
 */
export function memberPriors(
  taskType: string,
  arms: readonly Arm[],
  baselineArmId: string,
  own: (armId: string) => GaussianStats,
  members: readonly MemberStats[],
  weights: Omit<ContrastPriorWeights, 'fallbackVariance'>,
): Record<string, GaussianStats> {
  const keyOf = Object.fromEntries(arms.map((a) => [a.id, sharedArmKey(a.id, a.params)]));
  if (!arms.some((a) => a.id === baselineArmId)) return {};
  const baselineKey = keyOf[baselineArmId]!;
  const pools = pooledContrasts(members, taskType, baselineKey, FALLBACK_VARIANCE);
  const contrast = contrastPrior(
    memberArmKeys(arms, own),
    pools,
    baselineKey,
    arms.map((a) => keyOf[a.id]!),
    { ...weights, fallbackVariance: FALLBACK_VARIANCE },
  );
  const flat: MemberArmStats[] = members.flatMap((m) =>
    Object.entries(m.arms).map(([key, stats]) => ({ taskType: m.taskType, key, stats })),
  );
  return Object.fromEntries(
    arms.map((a) => {
      const key = keyOf[a.id]!;
      const fromContrast = contrast[key] ?? EMPTY_STATS;
      const prior =
        fromContrast.n > 0 || own(a.id).n > 0
          ? fromContrast
          : groupPrior(flat, taskType, key, weights.priorWeight);
      return [a.id, prior];
    }),
  );
}

/**
 * A member's prior without a group (`contrastPriorWeight`): its arms shrunk towards its own common
 * level, contrast 0, so one early unlucky run does not lock an arm out (docs/decisions.md).
 */
export function ownShrinkPriors(
  arms: readonly Arm[],
  baselineArmId: string,
  own: (armId: string) => GaussianStats,
  shrinkWeight: number,
): Record<string, GaussianStats> {
  if (!(shrinkWeight > 0)) return {};
  const ownById = Object.fromEntries(arms.map((a) => [a.id, own(a.id)]));
  const weights = { priorWeight: 0, shrinkWeight, fallbackVariance: FALLBACK_VARIANCE };
  return contrastPrior(
    ownById,
    {},
    baselineArmId,
    arms.map((a) => a.id),
    weights,
  );
}
