import { describe, expect, it } from 'vitest';
import { alertMessage, alertSeverity } from '../../../src/storage/alert-message';
import { ArmStatsJson } from '../../../src/storage/arm-stats-json';
import { chainRecord, verifyAuditChain } from '../../../src/storage/audit-chain-record';
import type { AuditEventRecord } from '../../../src/storage/audit-events';
import { META } from '../../../src/storage/meta-keys';

const draft = (kind: string) => ({
  kind,
  actor: 'ops',
  reason: 'why',
  configVersion: 1,
  policyVersion: '1.0',
  details: { n: 1 },
});

async function chain(kinds: string[]): Promise<AuditEventRecord[]> {
  const events: AuditEventRecord[] = [];
  for (const [i, kind] of kinds.entries())
    events.push(await chainRecord(draft(kind), events.at(-1) ?? null, 'summarize', `evt_${i}`, 1000 + i));
  return events;
}

describe('stored shapes', () => {
  it('keeps every figure of an arm through storage: a priced policy learns from the ones added last', () => {
    const stats = {
      pulls: 3,
      reward: { n: 2, mean: 0.5, m2: 0.1 },
      qualitySum: 1,
      qualityCount: 2,
      latencyMsSum: 0,
      latencyCount: 0,
      tokensSum: 30,
      tokensCount: 2,
      failures: 0,
      successCount: 2,
      costUsdSum: 0.002,
      costCount: 2,
      completionTokensSum: 2,
      completionTokensCount: 2,
      promptTokensSum: 28,
      promptTokensCount: 2,
      rewardBeforeCost: { n: 2, mean: 0.7, m2: 0.1 },
    };
    expect(ArmStatsJson.parse(JSON.parse(JSON.stringify(stats)))).toEqual(stats);
  });

  it('reads a meta value back only when it matches its schema, and refuses a corrupt one loudly', () => {
    expect(
      META.budgetLedger.decode({ day: '2026-12-03', spentTokens: 5, warnedDay: null, exhaustedDay: null }),
    ).toMatchObject({ spentTokens: 5 });
    expect(() => META.budgetLedger.decode({ day: '2026-12-03', spentTokens: 'five' })).toThrow(
      /budgetLedger/,
    );
  });

  it('starts a fresh SLO window when the stored one cannot be read', () => {
    expect(META.sloWindow.decode({ nonsense: true })).toBeNull();
  });

  it('verifies an intact audit chain and names the first edited event', async () => {
    const events = await chain(['task-type-created', 'rollout-advance', 'rollout-pause']);
    expect(await verifyAuditChain(events)).toEqual({ ok: true, length: 3 });
    const edited = events.map((e, i) => (i === 1 ? { ...e, reason: 'other' } : e));
    expect(await verifyAuditChain(edited)).toMatchObject({ ok: false, brokenAt: 1, eventId: 'evt_1' });
    expect(await verifyAuditChain([events[0]!, events[2]!])).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('pages for a breach, warns for low confidence, and stays quiet for a config change', async () => {
    expect([
      alertSeverity('rollout-breach'),
      alertSeverity('low-confidence'),
      alertSeverity('config-changed'),
    ]).toEqual(['critical', 'warning', null]);
    const [event] = await chain(['rollout-breach']);
    expect(alertMessage(event!, 'critical').text).toBe('[tuneloop critical] summarize: rollout-breach — why');
  });
});
