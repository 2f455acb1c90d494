import type { Env } from './env';

/** The Durable Object of one task type (created on first use; empty until configured). */
export function optimizerOf(env: Env, taskType: string) {
  return env.TASK_TYPE_OPTIMIZER.getByName(taskType);
}

export function directoryOf(env: Env) {
  return env.TASK_TYPE_DIRECTORY.getByName('global');
}

export function keyRegistryOf(env: Env) {
  return env.KEY_REGISTRY.getByName('global');
}
