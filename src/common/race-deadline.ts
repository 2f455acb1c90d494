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
