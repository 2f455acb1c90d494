import { describe, expect, it } from 'vitest';
import { arm, call, createTaskType } from './helpers';

describe('token budget per task type and UTC day', () => {
  it('warns at 80 %, then serves only the baseline until a waiver', async () => {
    // Every arm reserves its maxTokens (800 each) at recommend: 4 × 800 = 80 % of 4000.
    const taskType = await createTaskType('budget', {
      budget: { dailyTokens: 4000 },
      arms: [arm('base'), arm('cool', 0.5), arm('warm', 0.9)],
    });
    const states: string[] = [];
    let last: any;
    for (let i = 0; i < 6; i++) {
      last = (await call('POST', '/v1/recommend', { taskType, context: {} })).body;
      states.push(last.budget.state);
    }
    expect(states).toEqual(['ok', 'ok', 'ok', 'warning', 'exhausted', 'exhausted']);
    expect(last).toMatchObject({ armId: 'base', served: 'baseline', propensity: 1, share: 0 });

    const status = (await call('GET', `/v1/task-types/${taskType}`)).body.budget;
    expect(status).toMatchObject({
      state: 'exhausted',
      dailyTokens: 4000,
      spentTokens: 0,
      remainingTokens: 0,
    });
    expect(status.reservedTokens).toBe(4800);

    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const waiver = await call('POST', `/v1/task-types/${taskType}/budget/waivers`, {
      tokens: 100_000,
      reason: 'launch day',
      expiresAt,
    });
    expect(waiver.status).toBe(201);
    expect(waiver.body.waiver).toMatchObject({ tokens: 100_000, reason: 'launch day', expiresAt });
    expect(waiver.body.budget.state).toBe('ok');
    const after = (await call('POST', '/v1/recommend', { taskType, context: {} })).body;
    expect(after.budget.state).toBe('ok');
    expect(after.share).toBe(1);
  });

  it('settles a reservation to the tokens actually spent', async () => {
    const taskType = await createTaskType('settle', { budget: { dailyTokens: 100_000 } });
    const rec = (await call('POST', '/v1/recommend', { taskType, context: {} })).body;
    const reserved = (await call('GET', `/v1/task-types/${taskType}`)).body.budget;
    expect(reserved.reservedTokens).toBe(rec.params.maxTokens);
    await call('POST', '/v1/outcomes', {
      decisionId: rec.decisionId,
      promptTokens: 120,
      completionTokens: 80,
    });
    const settled = (await call('GET', `/v1/task-types/${taskType}`)).body.budget;
    expect(settled).toMatchObject({ reservedTokens: 0, spentTokens: 200, remainingTokens: 99_800 });
  });

  it('refuses a waiver that expires in the past, naming the field', async () => {
    const taskType = await createTaskType('waiver422');
    const res = await call('POST', `/v1/task-types/${taskType}/budget/waivers`, {
      tokens: 10,
      reason: 'x',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('/expiresAt');
  });
});
