import { describe, expect, it } from 'vitest';
import { ReservationQueue } from '../../../src/guards/reservations';
import { budgetStatus, emptyLedger, rollDay, utcDay } from '../../../src/guards/token-budget';

const DAY_MS = 86_400_000;
const noon = Date.parse('2026-11-23T12:00:00Z');

describe('token budget', () => {
  it('is ok below 80 %, warning from 80 %, exhausted at 100 % of the limit (hand-computed)', () => {
    const ledger = { ...emptyLedger(noon), spentTokens: 500 };
    expect(budgetStatus(ledger, 299, 1000, [], noon).state).toBe('ok'); // 79.9 %
    expect(budgetStatus(ledger, 300, 1000, [], noon).state).toBe('warning'); // 80 %
    expect(budgetStatus(ledger, 500, 1000, [], noon)).toMatchObject({
      state: 'exhausted',
      remainingTokens: 0,
    });
  });

  it('adds live waivers to the limit and ignores expired ones', () => {
    const waiver = (tokens: number, expiresAtMs: number) => ({
      id: 'w',
      tokens,
      reason: 'r',
      actor: 'a',
      createdAtMs: 0,
      expiresAtMs,
    });
    const status = budgetStatus(
      emptyLedger(noon),
      1000,
      1000,
      [waiver(500, noon + 1), waiver(9999, noon)],
      noon,
    );
    expect(status).toMatchObject({ limitTokens: 1500, waiverTokens: 500, remainingTokens: 500, state: 'ok' });
  });

  it('has no limit without dailyTokens', () => {
    expect(budgetStatus(emptyLedger(noon), 1e9, undefined, [], noon)).toMatchObject({
      state: 'ok',
      limitTokens: null,
    });
  });

  it('starts a new UTC day from zero spend', () => {
    const ledger = { ...emptyLedger(noon), spentTokens: 700 };
    expect(rollDay(ledger, noon + 1000)).toBe(ledger);
    expect(rollDay(ledger, noon + DAY_MS)).toMatchObject({ day: utcDay(noon + DAY_MS), spentTokens: 0 });
    expect(utcDay(Date.parse('2026-11-23T23:59:59.999Z'))).toBe('2026-11-23');
  });
});

describe('reservation queue', () => {
  it('settles, lapses in expiry order, and totals what is left', () => {
    const q = new ReservationQueue();
    q.add('a', 100, 10);
    q.add('b', 200, 20);
    q.add('c', 300, 30);
    expect(q.reservedTokens(0)).toBe(600);
    expect(q.settle('b')).toBe(200);
    expect(q.settle('b')).toBe(0);
    expect(q.reservedTokens(10)).toBe(300);
    expect(q.reservedTokens(30)).toBe(0);
  });
});
