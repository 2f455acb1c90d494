import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screenDecisionIds } from '../../../functions/forged-ids';
import {
  importTagKey,
  MAX_DECISION_TTL_MS,
  parseDecisionId,
  tagDecisionId,
  verifyDecisionId,
} from '../../../src/contract/decision-id-tag';
import { newDecisionId, taskTypeOfDecision } from '../../../src/optimizer/decision-id';

const DAY = 86_400_000;
const SWITCH = Date.parse('2026-12-10T00:00:00Z');
const options = (nowMs: number) => ({ nowMs, untaggedIssuedBeforeMs: SWITCH });
const hex = '0123456789abcdef0123456789abcdef';

describe('decision-id tags', () => {
  it('verifies an id it tagged, and refuses it under another key or with any character changed', async () => {
    const key = await importTagKey('secret-a');
    const other = await importTagKey('secret-b');
    const id = await tagDecisionId(key, newDecisionId('code-review', SWITCH + DAY, hex));
    expect(await verifyDecisionId(id, [key], options(SWITCH + DAY))).toMatchObject({
      ok: true,
      legacy: false,
    });
    expect(await verifyDecisionId(id, [other], options(SWITCH + DAY))).toEqual({
      ok: false,
      reason: 'bad_tag',
    });
    expect(await verifyDecisionId(id, [other, key], options(SWITCH + DAY))).toMatchObject({ ok: true });
    const tampered = id.replace('code-review', 'code-revies');
    expect((await verifyDecisionId(tampered, [key], options(SWITCH + DAY))).ok).toBe(false);
  });

  it('keeps the task type routable from a tagged id (the first release parser still works)', async () => {
    const key = await importTagKey('k');
    const id = await tagDecisionId(key, newDecisionId('a.b-c', SWITCH, hex));
    expect(taskTypeOfDecision(id)).toBe('a.b-c');
    expect(parseDecisionId(id)).toMatchObject({ taskType: 'a.b-c', issuedAtMs: SWITCH });
  });

  it('honours untagged ids issued before the switch for the longest TTL, and no others', async () => {
    const key = await importTagKey('k');
    const old = newDecisionId('t', SWITCH - DAY, hex);
    expect(await verifyDecisionId(old, [key], options(SWITCH))).toMatchObject({ ok: true, legacy: true });
    expect(await verifyDecisionId(old, [key], options(SWITCH - DAY + MAX_DECISION_TTL_MS + 1))).toEqual({
      ok: false,
      reason: 'untagged_expired',
    });
    const afterSwitch = newDecisionId('t', SWITCH, hex);
    expect(await verifyDecisionId(afterSwitch, [key], options(SWITCH))).toEqual({
      ok: false,
      reason: 'untagged_too_new',
    });
  });

  it('refuses what no version of the service ever issued', async () => {
    const key = await importTagKey('k');
    for (const id of ['junk-1:x', 'no-colon', ':abc', 'Upper:mi0000000123456789abcdef', 't:mi00.short']) {
      expect((await verifyDecisionId(id, [key], options(SWITCH))).ok).toBe(false);
    }
  });

  it('never accepts a random tag (property)', async () => {
    const key = await importTagKey('k');
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{16}$/), async (tag) => {
        const id = `${newDecisionId('t', SWITCH, hex)}.${tag}`;
        const real = await tagDecisionId(key, newDecisionId('t', SWITCH, hex));
        expect((await verifyDecisionId(id, [key], options(SWITCH))).ok).toBe(id === real);
      }),
      { numRuns: 200 },
    );
  });
});

describe('screening ids at the edge', () => {
  it('derives its key from the admin key when DECISION_ID_KEY is unset, and prefers DECISION_ID_KEY', async () => {
    const env = { TUNELOOP_ADMIN_KEY: 'admin', DECISION_IDS_TAGGED_SINCE: new Date(SWITCH).toISOString() };
    const forged = `${newDecisionId('t', SWITCH, hex)}.AAAAAAAAAAAAAAAA`;
    const legacy = newDecisionId('t', SWITCH - DAY, hex);
    const ancient = newDecisionId('t', SWITCH - 40 * DAY, hex);
    expect(await screenDecisionIds(env, [forged, legacy, ancient, 'junk-1:x'], SWITCH)).toEqual([
      'not_found',
      'issued',
      'expired',
      'not_found',
    ]);
    const key = await importTagKey('dedicated');
    const tagged = await tagDecisionId(key, newDecisionId('t', SWITCH, hex));
    expect(await screenDecisionIds({ ...env, DECISION_ID_KEY: 'dedicated' }, [tagged], SWITCH)).toEqual([
      'issued',
    ]);
    expect(await screenDecisionIds(env, [tagged], SWITCH)).toEqual(['not_found']);
    expect(
      await screenDecisionIds(
        { ...env, DECISION_ID_KEY: 'new', DECISION_ID_KEY_PREVIOUS: 'dedicated' },
        [tagged],
        SWITCH,
      ),
    ).toEqual(['issued']);
  });
});
