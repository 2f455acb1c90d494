import { type LinearDataPart, scaleDataPart, sumDataParts } from '../policies/linear-data-part';

/** One member's linear data parts per shared arm key (`sharedArmKey`), and the shape it pools with. */
export interface MemberLinearStats {
  taskType: string;
  /** `groupShape` of the member's config: linear models pool only within one shape (same features) */
  shape: string;
  arms: Readonly<Record<string, LinearDataPart>>;
}

/**
 * The summed data parts of the *other* members' arms with this key and this shape (leave-one-out:
 * a member must not count its own outcomes twice); null when none has any. A member of another
 * shape encodes its context otherwise (other features), so its Σxxᵀ means something else: left out.
 */
export function leaveOneOutLinearPool(
  members: readonly MemberLinearStats[],
  taskType: string,
  shape: string,
  key: string,
): LinearDataPart | null {
  const parts: LinearDataPart[] = [];
  for (const m of members) {
    const part = m.arms[key];
    if (m.taskType !== taskType && m.shape === shape && part && part.n > 0) parts.push(part);
  }
  return sumDataParts(parts);
}

/**
 * The group's prior for one linear member's arm: the leave-one-out pool scaled by
 * min(1, priorWeight / n), so it counts as at most `priorWeight` pseudo-outcomes and the
 * member's own data soon dominates. Scaling Σxxᵀ and Σr·x alike keeps the pool's θ̂ and shrinks
 * only its certainty.
 */
export function linearGroupPrior(
  members: readonly MemberLinearStats[],
  taskType: string,
  shape: string,
  key: string,
  priorWeight: number,
): LinearDataPart | null {
  const pool = leaveOneOutLinearPool(members, taskType, shape, key);
  if (!pool || !(priorWeight > 0)) return null;
  return pool.n > priorWeight ? scaleDataPart(pool, priorWeight / pool.n) : pool;
}
