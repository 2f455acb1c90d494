import type { TaskTypeConfig } from '../../../src/contract/task-type';
import { groupShape, groupViolations } from '../../../src/sharing/group-violations';
import type { Env } from '../../env';
import { ApiError } from '../../problem';
import { directoryOf } from '../../stubs';

/**
 * The 422 of a config that cannot pool with its group's members (src/sharing/group-violations.ts).
 * Asked of the directory, which knows the members; the task type's object does not.
 */
export async function assertGroupFits(env: Env, taskType: string, config: TaskTypeConfig): Promise<void> {
  if (!config.group) return;
  const members = await directoryOf(env).groupShapes(config.group.name);
  const violations = groupViolations(config, taskType, members);
  if (violations.length > 0) {
    throw new ApiError('unprocessable', `The config breaks ${violations.length} rule(s).`, violations);
  }
}

/**
 * Tells the directory the task type's group and shape once its PUT succeeded, so the next config
 * of another member is checked against it. Best effort: the member's own group sync reports its
 * shape again within seconds, so a failure here must not fail a PUT that is already kept.
 */
export async function recordGroupMembership(
  env: Env,
  taskType: string,
  config: TaskTypeConfig,
): Promise<void> {
  try {
    await directoryOf(env).recordGroupShape(taskType, config.group?.name ?? null, groupShape(config));
  } catch (error) {
    console.error(JSON.stringify({ recordGroupShape: taskType, error: String(error) }));
  }
}
