import { canonicalJson } from '../common/canonical-json';
import type { TaskTypeConfig } from '../contract/task-type';
import { isContextual } from '../policies/registry';

/**
 * What members must share to pool (API.md "Warm start and groups"): context-free members pool
 * reward statistics with one another; linear members pool their models only when their features
 * are identical, because the same coordinate of x must mean the same thing in every member.
 */
export function groupShape(config: TaskTypeConfig): string {
  return isContextual(config.policy)
    ? canonicalJson({ family: 'linear', features: config.features })
    : CONTEXT_FREE_SHAPE;
}

/** The shape of a context-free member, and of a member that reported none (it predates shapes). */
export const CONTEXT_FREE_SHAPE = canonicalJson({ family: 'context-free' });

/** A group member as the directory knows it at config time. */
export interface GroupMemberShape {
  taskType: string;
  shape: string;
}

/**
 * Why this config cannot join its group: another member of another policy family (`/group`) or,
 * both linear, with other features (`/features`). Its own earlier membership does not count.
 */
export function groupViolations(
  config: TaskTypeConfig,
  taskType: string,
  members: readonly GroupMemberShape[],
): { path: string; message: string; value: unknown }[] {
  const group = config.group;
  if (!group) return [];
  const shape = groupShape(config);
  const other = members.find((m) => m.taskType !== taskType && m.shape !== shape);
  if (!other) return [];
  const linear = isContextual(config.policy);
  if (linear !== (other.shape !== CONTEXT_FREE_SHAPE)) {
    const [mine, theirs] = linear ? ['a linear', 'context-free'] : ['a context-free', 'linear'];
    return [
      {
        path: '/group',
        message: `group '${group.name}' has ${theirs} members (e.g. '${other.taskType}'); ${mine} policy cannot pool with them`,
        value: group.name,
      },
    ];
  }
  return [
    {
      path: '/features',
      message: `group '${group.name}' member '${other.taskType}' has other features; linear members pool only across identical features`,
      value: config.features,
    },
  ];
}
