import type { Env } from './env';
import { unknownTaskType } from './problem';

/** The Durable Object of one task type (created on first use; empty until configured). */
export function optimizerOf(env: Env, taskType: string) {
  return env.TASK_TYPE_OPTIMIZER.getByName(taskType);
}

/**
 * Asks a task type's object and answers its reply; the object answers null when the task type was
 * never configured or is archived, which every route turns into the same 404.
 */
export async function askKnownTaskType<Reply>(
  env: Env,
  taskType: string,
  ask: (optimizer: ReturnType<typeof optimizerOf>) => Reply,
): Promise<NonNullable<Awaited<Reply>>> {
  const reply = await ask(optimizerOf(env, taskType));
  if (reply === null || reply === undefined) throw unknownTaskType(taskType);
  return reply;
}

export function directoryOf(env: Env) {
  return env.TASK_TYPE_DIRECTORY.getByName('global');
}

export function keyRegistryOf(env: Env) {
  return env.KEY_REGISTRY.getByName('global');
}
