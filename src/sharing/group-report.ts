import type { GaussianStats } from '../bandit/gaussian-stats';
import type { LinearDataPart } from '../policies/linear-data-part';
import type { MemberStats } from './contrast-prior';

/** What a member pushes to its group, each part keyed by `sharedArmKey`. */
export interface GroupReport {
  /** live reward statistics (those its policy learns), for context-free pooling */
  arms: Record<string, GaussianStats>;
  /** `groupShape` of its config */
  shape: string;
  /** a linear member's data parts (A − λI, b, n) */
  linear?: Record<string, LinearDataPart>;
}

/** A member as the group answers it; `shape` is missing for a member that has not reported one. */
export interface GroupMemberReport extends MemberStats {
  shape?: string;
  linear?: Readonly<Record<string, LinearDataPart>>;
}
