import { describe, expect, it } from 'vitest';
import { type Clock, waitForOutbox } from '../../../functions/export/deadline';
import { MAX_PAGE_ROWS, MIN_PAGE_ROWS, nextPageRows } from '../../../functions/export/page-size';
import { raceDeadline } from '../../../src/common/race-deadline';

/** A clock that jumps instead of waiting. */
function fakeClock(startMs = 0): Clock & { at: number } {
  const clock = {
    at: startMs,
    nowMs: () => clock.at,
    sleep: async (ms: number) => {
      clock.at += ms;
    },
  };
  return clock;
}

describe('the export deadline', () => {
  it('ends the wait on a flush that never returns', async () => {
    const started = Date.now();
    const flushed = await waitForOutbox(() => new Promise<boolean>(() => {}), started + 200);
    expect(flushed).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('polls until flushed, and gives up at the deadline', async () => {
    const clock = fakeClock();
    let calls = 0;
    expect(await waitForOutbox(async () => ++calls === 3, 10_000, { clock })).toBe(true);
    expect(calls).toBe(3);
    expect(clock.at).toBe(500);
    const late = fakeClock();
    expect(await waitForOutbox(async () => false, 1000, { clock: late })).toBe(false);
    expect(late.at).toBe(1000);
  });

  it('passes the value through when the work wins the race', async () => {
    expect(await raceDeadline(Promise.resolve(7), 1000)).toEqual({ done: true, value: 7 });
    await expect(raceDeadline(Promise.reject(new Error('x')), 1000)).rejects.toThrow('x');
  });
});

describe('export pages bounded by bytes', () => {
  it('sizes the next page to about 1 MiB from the last mean line size, within [10, 1000] rows', () => {
    expect(nextPageRows(100, 100 * 500)).toBe(MAX_PAGE_ROWS);
    expect(nextPageRows(100, 100 * 16_384)).toBe(64);
    expect(nextPageRows(10, 10 * 1_000_000)).toBe(MIN_PAGE_ROWS);
  });
});
