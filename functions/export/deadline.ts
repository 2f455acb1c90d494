/** What a wait under a deadline came to: the value, or the deadline first. */
export type Raced<T> = { done: true; value: T } | { done: false };

/**
 * Resolves with `work`'s value, or `{ done: false }` once `withinMs` has passed, whichever is
 * first: a flush stuck behind a locked table must not hold the export past its deadline. (The
 * work itself goes on; only the wait ends.) A rejection of `work` rejects as before.
 */
export async function raceDeadline<T>(work: Promise<T>, withinMs: number): Promise<Raced<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<Raced<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), Math.max(0, withinMs));
  });
  try {
    return await Promise.race([work.then((value): Raced<T> => ({ done: true, value })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

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
