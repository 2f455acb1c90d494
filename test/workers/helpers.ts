import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import worker from '../../functions/index';

export const ADMIN_KEY = 'test-admin-key';

export interface Reply<T = any> {
  status: number;
  type: string;
  body: T;
  text: string;
  headers: Headers;
}

/** Calls the Worker as a client would, through its fetch handler in workerd. */
export async function call<T = any>(
  method: string,
  path: string,
  body?: unknown,
  { key = ADMIN_KEY as string | null, raw = false, headers = {} as Record<string, string> } = {},
): Promise<Reply<T>> {
  const h: Record<string, string> = { ...headers };
  if (key) h.authorization = `Bearer ${key}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await SELF.fetch(`http://tuneloop.test${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: parsed,
    text,
    headers: res.headers,
  };
}

export function isProblem(r: Reply): boolean {
  return (
    r.type.includes('application/problem+json') &&
    r.body?.status === r.status &&
    typeof r.body?.title === 'string'
  );
}

let counter = 0;
/** A task type name no other test uses. */
export function uniqueTaskType(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export const arm = (id: string, temperature = 0.7, maxTokens = 800) => ({
  id,
  params: { model: 'gpt-4o-mini', temperature, maxTokens, topP: 1 },
});

/** Creates a task type with arms around the baseline 'base'; returns its name. */
export async function createTaskType(
  prefix: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const name = uniqueTaskType(prefix);
  const res = await call('PUT', `/v1/task-types/${name}`, {
    baselineArmId: 'base',
    arms: [arm('base'), arm('cool', 0.5), arm('short', 0.7, 600), arm('warm', 0.9)],
    policy: { kind: 'thompson-gaussian' },
    rollout: { phase: 'general' },
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`could not create ${name}: ${res.status} ${res.text}`);
  return name;
}

/** The minute cron (every task type's SLO sweep), as production fires it. */
export async function sweep(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }),
    env as never,
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

/** `POST …/rollout`: one phase transition, with its reason (the audit records it). */
export const rolloutAction = (taskType: string, action: string, reason = 'test') =>
  call('POST', `/v1/task-types/${taskType}/rollout`, { action, reason });

/** A task type whose audit chain holds three events: created in shadow, advanced, paused. */
export async function taskTypeWithAuditChain(prefix: string): Promise<string> {
  const taskType = await createTaskType(prefix, { rollout: { phase: 'shadow' } });
  await rolloutAction(taskType, 'advance', 'go');
  await rolloutAction(taskType, 'pause', 'hold');
  return taskType;
}

/** Two arms and one numeric context feature, `riskTier`: the smallest contextual task type. */
export const riskTierTaskType = (prefix: string, kind: string, rollout: Record<string, unknown>) =>
  createTaskType(prefix, {
    arms: [arm('base'), arm('cool', 0.5)],
    policy: { kind },
    features: [{ name: 'riskTier', kind: 'numeric' }],
    rollout,
  });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { env };
