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

/** What a handler under `{taskType}` holds: the bindings and its validated path parameter. */
interface TaskTypeRequest {
  env: Env;
  req: { valid(target: 'param'): { taskType: string } };
}

/** askKnownTaskType for the task type the route's path names: that name and its object's reply. */
export async function askPathTaskType<Reply>(
  c: TaskTypeRequest,
  ask: (optimizer: ReturnType<typeof optimizerOf>) => Reply,
) {
  const { taskType } = c.req.valid('param');
  return { taskType, reply: await askKnownTaskType(c.env, taskType, ask) };
}

export function directoryOf(env: Env) {
  return env.TASK_TYPE_DIRECTORY.getByName('global');
}

export function keyRegistryOf(env: Env) {
  return env.KEY_REGISTRY.getByName('global');
}
