import type { TaskTypeConfig } from '../contract/task-type';
import { isContextual } from '../policies/registry';

/**
 * Groups pool the context-free reward statistics. Pooling linear models across members with
 * identical features (API.md) is not built yet: such a config is refused rather than silently
 * left unpooled.
 */
export function groupViolations(config: TaskTypeConfig): { path: string; message: string; value: unknown }[] {
  if (!config.group || !isContextual(config.policy)) return [];
  return [
    {
      path: '/group',
      message: 'groups pool context-free policies only for now; a linear policy kind cannot join a group',
      value: config.group.name,
    },
  ];
}
