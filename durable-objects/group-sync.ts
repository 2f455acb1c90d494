import type { Env } from '../functions/env';
import { directoryOf } from '../functions/stubs';
import { groupReport } from '../src/optimizer/group-step';
import type { PolicyState } from '../src/optimizer/policy-state';
import type { GroupMemberReport } from '../src/sharing/group-report';
import { GROUP_SYNC_MS } from '../src/sharing/group-sync';

/**
 * A group member pushes its arms' statistics to the directory and pulls the group's, at most
 * every GROUP_SYNC_MS, from the alarm (never the hot path); a failure only delays the pool.
 */
export class GroupSync {
  private syncedAtMs = 0;

  constructor(private readonly env: Env) {}

  /** The group's members' statistics, or null when not a member, not due, or unreachable. */
  async pull(policy: PolicyState, nowMs: number): Promise<readonly GroupMemberReport[] | null> {
    const group = policy.config.group;
    if (!group || nowMs - this.syncedAtMs < GROUP_SYNC_MS) return null;
    this.syncedAtMs = nowMs;
    try {
      return await directoryOf(this.env).shareGroupStats(group.name, policy.taskType, groupReport(policy));
    } catch (error) {
      console.error(JSON.stringify({ groupSync: group.name, error: String(error) }));
      return null;
    }
  }
}
