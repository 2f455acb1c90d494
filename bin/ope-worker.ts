/** One worker thread's share of the bootstrap resamples (see ope-parallel.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { bootstrapMeans } from '../src/evaluation/bootstrap';
import type { WorkerTask } from './ope-parallel';

const task = workerData as WorkerTask;
const means = bootstrapMeans(task.columns, {
  ...task.options,
  onProgress: (done) => parentPort!.postMessage({ progress: done }),
});
parentPort!.postMessage(
  { means },
  means.map((m) => m.buffer as ArrayBuffer),
);
