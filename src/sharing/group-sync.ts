import { EMPTY_STATS, type GaussianStats } from '../bandit/gaussian-stats';
import type { Arm } from '../contract/task-type';
import { contrastGroupPrior, type MemberStats } from './contrast-prior';
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
 * contrast prior (src/sharing/contrast-prior.ts: the other members' arm − baseline contrasts,
 * placed on this member's own level, `priorWeight` pseudo-outcomes), leave-one-out. A member
 * with no outcome yet has no level of its own: it starts from the other members' pooled levels,
 * shrunk to `priorWeight` (a new task type, or an arm whose params changed, starts from the pool).
 */
export function memberPriors(
  taskType: string,
  arms: readonly Arm[],
  baselineArmId: string,
  own: (armId: string) => GaussianStats,
  members: readonly MemberStats[],
  priorWeight: number,
): Record<string, GaussianStats> {
  const keyOf = Object.fromEntries(arms.map((a) => [a.id, sharedArmKey(a.id, a.params)]));
  const baseline = arms.find((a) => a.id === baselineArmId);
  if (!baseline) return {};
  const ownByKey = memberArmKeys(arms, own);
  const keys = arms.map((a) => keyOf[a.id]!);
  const contrast = contrastGroupPrior(
    ownByKey,
    members,
    taskType,
    keyOf[baselineArmId]!,
    keys,
    priorWeight,
    FALLBACK_VARIANCE,
  );
  const flat: MemberArmStats[] = members.flatMap((m) =>
    Object.entries(m.arms).map(([key, stats]) => ({ taskType: m.taskType, key, stats })),
  );
  return Object.fromEntries(
    arms.map((a) => {
      const key = keyOf[a.id]!;
      const fromContrast = contrast[key] ?? EMPTY_STATS;
      const prior =
        fromContrast.n > 0 || own(a.id).n > 0 ? fromContrast : groupPrior(flat, taskType, key, priorWeight);
      return [a.id, prior];
    }),
  );
}
