/**
 * The simulators of API.md ("Simulators"): `npm run --silent simulate -- guard|promotion …`
 * print one JSON document. They drive the pure guard and promotion code of src/rollout on a
 * simulated clock with the real cadence.
 */
import { parseArgs } from 'node:util';
import { simulateGuard } from './simulate-guard';
import { simulatePromotion } from './simulate-promotion';

const SHARES = { canary: 0.05, guarded: 0.25 } as const;

function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n`);
  process.exit(2);
}

function num(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isFinite(x)) fail(`--${name} must be a number, got ${value}`);
  return x;
}

const optional = (value: string | undefined, name: string) =>
  value === undefined ? undefined : num(value, name, 0);

const [command, ...raw] = process.argv.slice(2);
// API.md writes `--gap -0.02`: join a flag and a negative number so parseArgs takes it as the value.
const rest = raw.flatMap((arg, i) =>
  /^-\d|^-\.\d/.test(arg) && raw[i - 1]?.startsWith('--')
    ? []
    : raw[i + 1] !== undefined && arg.startsWith('--') && /^-\d|^-\.\d/.test(raw[i + 1]!)
      ? [`${arg}=${raw[i + 1]}`]
      : [arg],
);
const { values } = parseArgs({
  args: rest,
  strict: true,
  // Every option takes a value; numbers and distributions are read below, each with its own message.
  options: stringOptions(
    ['runs', 'hours', 'rate', 'phase', 'seed', 'gap', 'fixed-policy'],
    ['quality', 'treated-quality', 'latency', 'treated-latency', 'error-rate', 'treated-error-rate'],
    ['slo-quality-min', 'slo-latency-p99-ms', 'slo-error-rate-max'],
  ),
});
const phase = values.phase ?? 'canary';
if (phase !== 'canary' && phase !== 'guarded') fail(`--phase must be canary or guarded, got ${phase}`);
const seed = values.seed ?? '1';

let result: unknown;
try {
  if (command === 'guard') {
    const errorRate = num(values['error-rate'], 'error-rate', 0.01);
    result = simulateGuard({
      runs: num(values.runs, 'runs', 40),
      hours: num(values.hours, 'hours', 24),
      rate: num(values.rate, 'rate', 0.5),
      share: SHARES[phase],
      seed,
      quality: values.quality ?? 'beta:2,2',
      treatedQuality: values['treated-quality'],
      latency: values.latency ?? 'lognormal:400,0.3',
      treatedLatency: values['treated-latency'],
      errorRate,
      treatedErrorRate: num(values['treated-error-rate'], 'treated-error-rate', errorRate),
      slo: {
        qualityMin: optional(values['slo-quality-min'], 'slo-quality-min'),
        latencyP99Ms: optional(values['slo-latency-p99-ms'], 'slo-latency-p99-ms'),
        errorRateMax: optional(values['slo-error-rate-max'], 'slo-error-rate-max'),
      },
    });
  } else if (command === 'promotion') {
    const fixedPolicy = optional(values['fixed-policy'], 'fixed-policy');
    if (fixedPolicy !== undefined && !(fixedPolicy > 0 && fixedPolicy < 1))
      fail(`--fixed-policy must be in (0, 1), got ${fixedPolicy}`);
    result = simulatePromotion({
      runs: num(values.runs, 'runs', 200),
      hours: num(values.hours, 'hours', 72),
      rate: num(values.rate, 'rate', 1),
      phase,
      share: SHARES[phase],
      gap: num(values.gap, 'gap', 0),
      fixedPolicy,
      seed,
    });
  } else fail(`the first argument must be guard or promotion, got ${command ?? 'nothing'}`);
} catch (error) {
  fail((error as Error).message);
}
process.stdout.write(`${JSON.stringify(result)}\n`);

type StringOption = { type: 'string' };

/** parseArgs options, each of the `groups`' names taking a value. */
function stringOptions<const K extends string>(...groups: (readonly K[])[]): Record<K, StringOption> {
  return Object.fromEntries(groups.flat().map((name) => [name, { type: 'string' }])) as Record<
    K,
    StringOption
  >;
}
