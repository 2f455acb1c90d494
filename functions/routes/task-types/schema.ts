import { TaskTypeName } from '../../../src/contract/task-type';
import { ApiError } from '../../problem';

/** The `{taskType}` path parameter; a name that cannot exist is a 404, like an unknown one. */
export function taskTypeParam(raw: string): string {
  const parsed = TaskTypeName.safeParse(raw);
  if (!parsed.success)
    throw new ApiError(
      'not_found',
      `No task type '${raw.slice(0, 80)}': names match ^[a-z0-9][a-z0-9._-]{0,63}$.`,
    );
  return parsed.data;
}

export function unknownTaskType(taskType: string): ApiError {
  return new ApiError('not_found', `Unknown task type '${taskType}'.`);
}
