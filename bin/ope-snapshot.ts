import { readFileSync } from 'node:fs';
import type { Context } from '../src/contract/decision-log';
import { PolicySnapshot } from '../src/contract/policy-snapshot';
import { learnedTargetPolicy } from '../src/evaluation/learned-policy';
import { policyStateOfSnapshot } from '../src/evaluation/policy-snapshot';
import type { TargetPolicy } from '../src/evaluation/target-policy';
import { POLICY_NAMES } from '../src/evaluation/task-type-evaluation';
import type { PolicyState } from '../src/optimizer/policy-state';
import { UsageError } from './ope-args';

/** `--policy snapshot:FILE`: a `GET …/policy-snapshot` export. */
export const SNAPSHOT_PREFIX = 'snapshot:';

/** The policy state a snapshot file froze; a UsageError names the file and the field at fault. */
export function readSnapshot(spec: string): PolicyState {
  const path = spec.slice(SNAPSHOT_PREFIX.length);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read snapshot ${path}: ${(error as Error).message}`);
  }
  const parsed = PolicySnapshot.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new UsageError(`${path}: not a policy snapshot: ${where}${issue.message}`);
  }
  const restored = policyStateOfSnapshot(parsed.data);
  if (!restored.ok) throw new UsageError(`${path}: ${restored.reason}`);
  return restored.state;
}

/** A snapshot's arms, in its config's order: the log's arms unless `--arms` says otherwise. */
export function snapshotArms(state: PolicyState): string[] {
  return state.config.arms.map((a) => a.id);
}

/**
 * π_e of the snapshot on each used row, as the hourly evaluation computes it for the current
 * policy (same code, seeded the same way), in the log's arm order.
 */
export function snapshotPolicy(
  spec: string,
  state: PolicyState,
  logArms: readonly string[],
  contexts: readonly Context[],
): TargetPolicy {
  const own = snapshotArms(state);
  if (logArms.length !== own.length || logArms.some((arm) => !own.includes(arm)))
    throw new UsageError(
      `${spec}: its arms (${own.join(',')}) are not the log's (${logArms.join(',')}); pass --arms ${own.join(',')}`,
    );
  const policy = learnedTargetPolicy(spec, state, contexts, POLICY_NAMES.current);
  if (logArms.every((arm, k) => arm === own[k])) return policy;
  const from = logArms.map((arm) => own.indexOf(arm));
  return {
    name: spec,
    actionProbabilities: (row) => {
      const p = policy.actionProbabilities(row);
      return Float64Array.from(from, (k) => p[k]!);
    },
  };
}
