import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { arm, call, createTaskType, sleep } from './helpers';

async function received(): Promise<
  Array<{ eventId: string; kind: string; taskType: string; severity: string; text: string }>
> {
  return (await fetch(`${env.WEBHOOK_SINK_URL}/hook`)).json();
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(200);
  }
}

describe('alerts', () => {
  it('posts a Slack-compatible warning with an eventId when the budget passes 80 %, retrying a failing webhook', async () => {
    await fetch(`${env.WEBHOOK_SINK_URL}/__fail`, { method: 'POST', body: JSON.stringify({ count: 1 }) });
    const taskType = await createTaskType('alert', {
      budget: { dailyTokens: 2000 },
      arms: [arm('base'), arm('cool', 0.5)],
    });
    for (let i = 0; i < 2; i++) await call('POST', '/v1/recommend', { taskType }); // 1600 of 2000 reserved
    const alert = await waitFor(async () => (await received()).find((a) => a.taskType === taskType), 8000);
    expect(alert).toMatchObject({ kind: 'budget-warning', severity: 'warning' });
    expect(alert!.text).toContain(taskType);
    const audit = (await call('GET', `/v1/task-types/${taskType}/audit`)).body.events;
    expect(audit.find((e: { kind: string }) => e.kind === 'budget-warning').eventId).toBe(alert!.eventId);
  });
});
