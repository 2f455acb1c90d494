/**
 * Decision ids carry their task type (`<taskType>:<issued ms base36><random>`), so an
 * outcome routes to its Durable Object from the id alone. `:` cannot occur in a task type.
 */
export function newDecisionId(taskType: string, issuedAtMs: number, randomHex: string): string {
  return `${taskType}:${issuedAtMs.toString(36)}${randomHex.replaceAll('-', '').slice(0, 16)}`;
}

const TASK_TYPE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The task type a decision id names, or null when it cannot be one of ours. */
export function taskTypeOfDecision(decisionId: string): string | null {
  const colon = decisionId.indexOf(':');
  if (colon < 1) return null;
  const taskType = decisionId.slice(0, colon);
  return TASK_TYPE.test(taskType) ? taskType : null;
}
