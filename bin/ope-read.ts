import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type LoadedLog, LogBuilder } from '../src/evaluation/log-builder';
import { UsageError } from './ope-args';

/**
 * Stream a JSON Lines file into typed columns, one line at a time (a million-line export
 * never exists as a million objects); the first bad line stops the read with its number.
 */
export async function readLog(
  path: string,
  arms: readonly string[] | undefined,
  onProgress?: (lines: number) => void,
  { keepContexts = false } = {},
): Promise<LoadedLog> {
  const builder = new LogBuilder(arms, { keepContexts });
  const stream = createReadStream(path, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new UsageError(`cannot read ${path}: ${error.message}`)));
  });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    const result = builder.addLine(line, lineNumber);
    if (!result.ok) {
      lines.close();
      stream.destroy();
      throw new UsageError(`${path}: ${result.message}`);
    }
    if (lineNumber % 100_000 === 0) onProgress?.(lineNumber);
  }
  return builder.finish();
}
