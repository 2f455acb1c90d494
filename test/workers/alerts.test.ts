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

describe('signed alerts', () => {
  it('carry X-Tuneloop-Signature t=<unix>,v1=<HMAC-SHA256(secret, "<t>.<body>")> over the exact body', async () => {
    const taskType = await createTaskType('signed-alert', {
      budget: { dailyTokens: 2000 },
      arms: [arm('base'), arm('cool', 0.5)],
    });
    for (let i = 0; i < 2; i++) await call('POST', '/v1/recommend', { taskType });
    const delivery = await waitFor(async () => {
      const raw: { body: string; signature: string | null }[] = await (
        await fetch(`${env.WEBHOOK_SINK_URL}/hook/raw`)
      ).json();
      return raw.find((r) => r.body.includes(taskType));
    }, 8000);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery?.signature ?? '');
    expect(match).not.toBeNull();
    const t = Number(match![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(env.ALERT_WEBHOOK_SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const mac = Uint8Array.from(match![2]!.match(/../g)!.map((h) => Number.parseInt(h, 16)));
    const signed = new TextEncoder().encode(`${t}.${delivery!.body}`);
    expect(await crypto.subtle.verify('HMAC', key, mac, signed)).toBe(true);
    const tampered = new TextEncoder().encode(`${t}.${delivery!.body} `);
    expect(await crypto.subtle.verify('HMAC', key, mac, tampered)).toBe(false);
  });
});
