/**
 * `npm run bench:ope`: how long the `ope` CLI takes on a million logged decisions, against
 * the floor of just reading and validating the file, plus interval coverage on simulations.
 *
 * Each measured run is its own process under GNU time, so wall time and peak RSS are the
 * CLI's own (peak RSS covers its worker threads: they share the process).
 * Usage: tsx bench/ope.ts [rows=1000000] [--skip-fitted] [--skip-coverage]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverage } from './ope-coverage';
import { generate } from './ope-generate';
import { writeSnapshot } from './ope-snapshot';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TIME = '/usr/bin/time';
const rows = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);

interface Measured {
  readonly seconds: number;
  /** user + system CPU seconds (all threads); unlike wall time, barely moved by other load */
  readonly cpuSeconds: number;
  /** peak resident set, MiB; NaN without GNU time */
  readonly peakMiB: number;
}

/** Run `node --import tsx <args>` in a child process, timed; stdout is discarded. */
function measure(args: string[]): Measured {
  const node = [process.execPath, '--import', 'tsx', ...args];
  const gnuTime = existsSync(TIME);
  const command = gnuTime ? [TIME, '-f', 'BENCH %e %M %U %S', ...node] : node;
  const started = performance.now();
  const run = spawnSync(command[0]!, command.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  const line = run.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) return { seconds: wall, cpuSeconds: Number.NaN, peakMiB: Number.NaN };
  const [, seconds, kib, user, system] = line.split(' ');
  return { seconds: Number(seconds), cpuSeconds: Number(user) + Number(system), peakMiB: Number(kib) / 1024 };
}

const row = (label: string, m: Measured) =>
  `${label.padEnd(52)} ${m.seconds.toFixed(1).padStart(6)} s wall ${m.cpuSeconds.toFixed(1).padStart(6)} s cpu ${m.peakMiB.toFixed(0).padStart(6)} MiB`;

const dir = mkdtempSync(join(tmpdir(), 'ope-bench-'));
try {
  const supplied = join(dir, 'supplied.jsonl');
  let started = performance.now();
  await generate(supplied, rows, true, 1);
  console.log(
    `generated ${rows} decisions (${(statSync(supplied).size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const cli = ['bin/ope.ts', '--policy', 'uniform', '--policy', 'arm:cool', '--bootstrap', '1000'];
  const floor = measure(['bench/ope-parse-only.ts', supplied]);
  const full = measure([...cli, '--input', supplied]);
  console.log(row('parse only (stream + validate into columns)', floor));
  console.log(row('ope: 6 estimators × 2 policies, 1000 resamples', full));
  console.log(
    `ratio full / parse-only: ${(full.seconds / floor.seconds).toFixed(2)}× wall, ${(full.cpuSeconds / floor.cpuSeconds).toFixed(2)}× cpu`,
  );
  // A learned policy: the served distribution per row from the snapshot, contexts kept in memory.
  const snapshot = join(dir, 'snapshot.json');
  await writeSnapshot(supplied, snapshot);
  const learned = ['bin/ope.ts', '--policy', `snapshot:${snapshot}`, '--bootstrap', '1000'];
  console.log(
    row('ope: LinUCB snapshot (--policy snapshot:FILE)', measure([...learned, '--input', supplied])),
  );
  const load = loadavg()[0]!.toFixed(1);
  console.log(
    `(1-minute load average at the end: ${load} on ${availableParallelism()} cores; wall time grows with it)`,
  );
  if (!process.argv.includes('--skip-fitted')) {
    const bare = join(dir, 'fitted.jsonl');
    await generate(bare, rows, false, 1);
    console.log(
      row('ope, same, with a fitted reward model (no q̂ in file)', measure([...cli, '--input', bare])),
    );
  }
  if (!process.argv.includes('--skip-coverage')) {
    started = performance.now();
    const result = coverage();
    console.log(
      `coverage of 95% intervals over ${result.logs} simulated logs of ${result.rows} rows (${((performance.now() - started) / 1000).toFixed(1)} s):`,
    );
    for (const [name, share] of Object.entries(result.coverage)) {
      console.log(
        `  ${name.padEnd(9)} ${(share * 100).toFixed(1).padStart(5)}%   mean width ${result.meanWidth[name as keyof typeof result.meanWidth].toFixed(4)}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
