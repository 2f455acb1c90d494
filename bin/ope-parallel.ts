/**
 * The bootstrap split over worker threads. Each resample has its own seeded stream
 * (`bootstrapMeans` seeds resample b by `${seed}:${b}`), so any split of the resample
 * range gives the same numbers as one thread.
 */
import { Worker } from 'node:worker_threads';
import type { BootstrapOptions } from '../src/evaluation/bootstrap';

// The worker is a sibling file: ope-worker.ts under tsx (the repo), ope-worker.js when built.
const WORKER_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

export interface WorkerTask {
  readonly columns: Float64Array[];
  readonly options: Omit<BootstrapOptions, 'onProgress'>;
}

export async function parallelBootstrapMeans(
  columns: readonly Float64Array[],
  options: BootstrapOptions,
  threads: number,
): Promise<Float64Array[]> {
  // Shared memory: every worker reads the same columns without a copy each.
  const shared = columns.map((column) => {
    const copy = new Float64Array(new SharedArrayBuffer(column.byteLength));
    copy.set(column);
    return copy;
  });
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * options.resamples) / threads));
  const done = new Array<number>(threads).fill(0);
  const parts = await Promise.all(
    bounds.slice(0, -1).map((from, t) => {
      const task: WorkerTask = {
        columns: shared,
        options: {
          resamples: options.resamples,
          seed: options.seed,
          method: options.method,
          range: [from, bounds[t + 1]!],
        },
      };
      return runWorker(task, (count) => {
        done[t] = count;
        options.onProgress?.(
          done.reduce((a, b) => a + b, 0),
          options.resamples,
        );
      });
    }),
  );
  return columns.map((_, c) => {
    const means = new Float64Array(options.resamples);
    parts.forEach((part, t) => {
      means.set(part[c]!, bounds[t]!);
    });
    return means;
  });
}

function runWorker(task: WorkerTask, onProgress: (done: number) => void): Promise<Float64Array[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`./ope-worker${WORKER_EXTENSION}`, import.meta.url), {
      workerData: task,
    });
    worker.on('message', (message: { progress: number } | { means: Float64Array[] }) => {
      if ('progress' in message) onProgress(message.progress);
      else resolve(message.means);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bootstrap worker exited with code ${code}`));
    });
  });
}
