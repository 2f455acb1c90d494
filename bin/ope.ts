#!/usr/bin/env node
/**
 * `ope` CLI: off-policy estimates of target policies on an exported JSON Lines log
 * (API.md "`ope` CLI"). Only arguments and I/O live here; the estimators, bootstrap and
 * report are src/evaluation's, the same code the hourly cron runs.
 */

import type { Context } from '../src/contract/decision-log';
import { anytimeValueInterval } from '../src/evaluation/anytime-intervals';
import { bootstrapMeans } from '../src/evaluation/bootstrap';
import {
  assembleReport,
  DEFAULT_EVALUATION,
  type EvaluationOptions,
  prepareEvaluation,
} from '../src/evaluation/evaluate';
import { parsePolicySpec, policyMatrix, type TargetPolicy } from '../src/evaluation/target-policy';
import type { PolicyState } from '../src/optimizer/policy-state';
import { isContextual } from '../src/policies/registry';
import { parseOpeArgs, USAGE, UsageError } from './ope-args';
import { parallelBootstrapMeans } from './ope-parallel';
import { readLog } from './ope-read';
import { readSnapshot, SNAPSHOT_PREFIX, snapshotArms, snapshotPolicy } from './ope-snapshot';

/** Below this many rows one thread is faster than starting workers. */
const PARALLEL_FROM_ROWS = 100_000;

const progress = process.stderr.isTTY
  ? (text: string) => process.stderr.write(`\r${text}\x1b[K`)
  : (_text: string) => {};

async function main(): Promise<number> {
  const parsed = parseOpeArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') throw new UsageError(`${parsed.message}\n\n${USAGE}`);
  const args = parsed.args;
  // Snapshots are read and checked before the log: a bad file fails before a large read.
  const snapshots = new Map(
    args.policies.filter((s) => s.startsWith(SNAPSHOT_PREFIX)).map((s) => [s, readSnapshot(s)]),
  );
  const first = [...snapshots.values()][0];
  // A snapshot knows its arms, in the order the cron evaluates them.
  const arms = args.arms ?? (first ? snapshotArms(first) : undefined);
  // With the arms known up front, a bad --policy fails before reading a large file.
  if (arms) policiesFor(args.policies, arms, snapshots);
  const log = await readLog(args.input, arms, (lines) => progress(`read ${lines} lines`), {
    // Only a contextual policy reads each row's context; keeping them costs memory per row.
    keepContexts: [...snapshots.values()].some((state) => isContextual(state.config.policy)),
  });
  const policies = policiesFor(args.policies, log.arms, snapshots, log.contexts);
  const options: EvaluationOptions = {
    ...DEFAULT_EVALUATION,
    resamples: args.resamples,
    alpha: args.alpha,
    seed: args.seed,
    switchLambda: args.switchLambda,
    bootstrap: args.poisson ? 'poisson' : 'index',
  };
  progress(`estimating ${policies.length} policies on ${log.n} rows`);
  const prepared = prepareEvaluation(log, policies, options);
  const threads = args.threads ?? (log.n >= PARALLEL_FROM_ROWS ? 2 : 1);
  const bootstrap = {
    resamples: options.resamples,
    seed: options.seed,
    method: options.bootstrap,
    onProgress: (done: number, total: number) => progress(`bootstrap ${done}/${total}`),
  };
  const means =
    threads > 1
      ? await parallelBootstrapMeans(prepared.columns, bootstrap, threads)
      : bootstrapMeans(prepared.columns, bootstrap);
  progress('');
  const report = assembleReport(prepared, means, options);
  if (args.anytime)
    report.policies.forEach((entry, i) => {
      const interval = anytimeValueInterval(
        log,
        policyMatrix(policies[i]!, log.n, log.arms.length),
        args.alpha,
      );
      Object.assign(entry, { anytime: interval ?? { verdict: 'rewards outside [0, 1]: no betting bound' } });
    });
  // Written only once complete: a failure above leaves stdout empty, never half a document.
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

function policiesFor(
  specs: readonly string[],
  arms: readonly string[],
  snapshots: ReadonlyMap<string, PolicyState>,
  contexts: readonly Context[] = [],
): TargetPolicy[] {
  return specs.map((spec) => {
    const snapshot = snapshots.get(spec);
    if (snapshot) return snapshotPolicy(spec, snapshot, arms, contexts);
    const parsed = parsePolicySpec(spec, arms);
    if (!parsed.ok) throw new UsageError(parsed.reason);
    return parsed.policy;
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    progress('');
    if (error instanceof UsageError) {
      process.stderr.write(`ope: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`ope: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
