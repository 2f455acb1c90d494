import { TuneloopNetworkError } from './errors';

/**
 * The lines of a JSON Lines body, parsed one at a time as they arrive: an export of a million
 * decisions never sits in memory whole. A connection that breaks part-way (the export aborts
 * rather than end a file short) throws TuneloopNetworkError; leaving the loop early cancels the
 * body, so the server stops sending.
 */
export async function* jsonLines<T>(body: ReadableStream<Uint8Array> | null): AsyncGenerator<T> {
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let done = false;
  try {
    while (!done) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw new TuneloopNetworkError(error);
      }
      done = chunk.done;
      pending += done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      const lines = pending.split('\n');
      // The last piece may be half a line; it waits for the next chunk (or the end).
      pending = done ? '' : lines.pop()!;
      for (const line of lines) if (line.trim() !== '') yield JSON.parse(line) as T;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
