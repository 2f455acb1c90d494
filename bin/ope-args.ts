import { parseArgs } from 'node:util';
import { DEFAULT_ALPHA, DEFAULT_RESAMPLES } from '../src/evaluation/bootstrap';
import { DEFAULT_SWITCH_LAMBDA } from '../src/evaluation/estimate-policy';

export const USAGE = `Usage: ope --input decisions.jsonl --policy <spec> [--policy <spec> ...] [options]
       (in the tuneloop repository: npm run --silent ope -- --input … )

Off-policy estimates (IPS, SNIPS, DM, DR, SNDR, Switch-DR) of target policies on a JSON Lines
export of logged decisions, with percentile bootstrap intervals. Prints one JSON document.

  --input <file>          JSON Lines of logged decisions (required)
  --policy <spec>         "uniform", "arm:<armId>", or "snapshot:<file>" (a learned policy as
                          GET …/policy-snapshot exports it, evaluated as the hourly cron does);
                          repeat for several policies (at least one)
  --arms <a,b,c>          the arms, in order (default: a snapshot's arms, else the distinct
                          armIds in the file, sorted)
  --bootstrap <n>         bootstrap resamples (default ${DEFAULT_RESAMPLES})
  --alpha <a>             1 - confidence level of the intervals (default ${DEFAULT_ALPHA})
  --seed <s>              bootstrap seed (default 1)
  --switch-lambda <l>     Switch-DR threshold on importance weights (default ${DEFAULT_SWITCH_LAMBDA})
  --anytime               add anytime-valid bounds of each policy's value (betting CS, rewards in [0, 1])
  --poisson               Poisson(1) multiplier bootstrap instead of resampling row indices
  --threads <n>           worker threads for the bootstrap (default: 1 below 100,000 rows, else 2)
  -h, --help              this text

Exit codes: 0 done, 2 bad arguments or a malformed line (named on stderr; nothing on stdout).`;

/** A problem with the arguments or the input file: exit code 2, message on stderr. */
export class UsageError extends Error {}

export interface OpeArgs {
  readonly input: string;
  readonly policies: readonly string[];
  readonly arms: readonly string[] | undefined;
  readonly resamples: number;
  readonly alpha: number;
  readonly seed: string | number;
  readonly switchLambda: number;
  readonly poisson: boolean;
  /** add `anytime` bounds (betting CS) to each policy */
  readonly anytime: boolean;
  readonly threads: number | undefined;
}

export type ParsedArgs =
  | { kind: 'run'; args: OpeArgs }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/** Parse and validate the CLI's arguments; every problem is reported, none thrown. */
export function parseOpeArgs(argv: readonly string[]): ParsedArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };
  if (!values.input) return { kind: 'error', message: '--input is required' };
  const policies = values.policy ?? [];
  if (policies.length === 0) return { kind: 'error', message: 'at least one --policy is required' };
  const arms = values.arms?.split(',').map((arm) => arm.trim());
  if (arms && (arms.some((arm) => arm === '') || new Set(arms).size !== arms.length)) {
    return { kind: 'error', message: '--arms must be distinct, non-empty arm ids separated by commas' };
  }
  const resamples = Number(values.bootstrap ?? DEFAULT_RESAMPLES);
  if (!Number.isInteger(resamples) || resamples < 1)
    return { kind: 'error', message: '--bootstrap must be a positive integer' };
  const alpha = Number(values.alpha ?? DEFAULT_ALPHA);
  if (!(alpha > 0 && alpha < 1)) return { kind: 'error', message: '--alpha must be in (0, 1)' };
  const switchLambda = Number(values['switch-lambda'] ?? DEFAULT_SWITCH_LAMBDA);
  if (!(switchLambda >= 0)) return { kind: 'error', message: '--switch-lambda must be a number ≥ 0' };
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    return { kind: 'error', message: '--threads must be a positive integer' };
  }
  const seedText = values.seed ?? '1';
  const seed = /^-?\d+$/.test(seedText) ? Number(seedText) : seedText;
  return {
    kind: 'run',
    args: {
      input: values.input,
      policies,
      arms,
      resamples,
      alpha,
      seed,
      switchLambda,
      poisson: values.poisson ?? false,
      anytime: values.anytime ?? false,
      threads,
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      input: { type: 'string' },
      policy: { type: 'string', multiple: true },
      arms: { type: 'string' },
      bootstrap: { type: 'string' },
      alpha: { type: 'string' },
      seed: { type: 'string' },
      'switch-lambda': { type: 'string' },
      poisson: { type: 'boolean' },
      anytime: { type: 'boolean' },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
