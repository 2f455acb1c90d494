import { describe, expect, it } from 'vitest';
import type { AuditEventRecord } from '../../../src/storage/audit-events';
import { compareTail } from '../../../src/storage/audit-tail';

const event = (seq: number, hash = `h${seq}`) => ({ seq, eventId: `evt_${seq}`, hash }) as AuditEventRecord;
const chain = [1, 2, 3].map((s) => event(s));

describe('the Postgres tail against the object chain', () => {
  it('accepts Postgres holding every flushed event, and a tail not yet flushed', () => {
    expect(compareTail(chain, chain, 3)).toEqual({ ok: true, length: 3 });
    expect(compareTail(chain.slice(0, 2), chain, 2)).toEqual({ ok: true, length: 2 });
  });

  it('fails when the newest flushed events are missing, or all of them', () => {
    expect(compareTail(chain.slice(0, 2), chain, 3)).toMatchObject({
      ok: false,
      brokenAt: 2,
      eventId: 'evt_3',
    });
    expect(compareTail([], chain, 3)).toMatchObject({ ok: false, brokenAt: 0, eventId: 'evt_1' });
  });

  it('fails when Postgres holds more events than the object, or a different last one', () => {
    expect(compareTail([...chain, event(4)], chain, 3)).toMatchObject({ ok: false, brokenAt: 3 });
    expect(compareTail([event(1), event(2, 'other')], chain, 2)).toMatchObject({ ok: false, brokenAt: 1 });
  });
});
