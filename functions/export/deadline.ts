import { raceDeadline } from '../../src/common/race-deadline';

export interface Clock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Asks `flush` until it reports the window flushed, never past `deadlineAtMs` (Unix ms):
 * true when flushed in time, false otherwise (the export answers 503 with Retry-After).
 */
export async function waitForOutbox(
  flush: () => Promise<boolean>,
  deadlineAtMs: number,
  { pollMs = 250, clock = realClock }: { pollMs?: number; clock?: Clock } = {},
): Promise<boolean> {
  for (;;) {
    const remainingMs = deadlineAtMs - clock.nowMs();
    if (remainingMs <= 0) return false;
    const flushed = await raceDeadline(flush(), remainingMs);
    if (!flushed.done) return false;
    if (flushed.value) return true;
    await clock.sleep(Math.min(pollMs, Math.max(0, deadlineAtMs - clock.nowMs())));
  }
}
