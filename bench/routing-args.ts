/** The routing bench's command line (bench/routing-http.ts says what each flag means). */
import type { ModelPrice } from '../src/contract/pricing';
import { ARMS, type ArmId, FIXTURE, PRICES, routingReward, type Scoring } from './routing-data';

export interface RoutingOptions {
  data: string;
  orders: number;
  /** the first replay order (orders run firstOrder … firstOrder + orders − 1): lets runs split the orders */
  firstOrder: number;
  variants: string[] | null;
  concurrency: number;
  subjects: number;
  epsilon: number;
  /** keep every other subject (sorted): choose settings on one half, check on the other */
  half: 'even' | 'odd' | null;
  scoring: Scoring;
}

/** The exploration floor the study chose (docs/benchmarks.md, "Choosing ε"). */
export const ROUTING_EPSILON = 0.01;

function positiveNumber(flag: string, value: string | undefined): number {
  const x = Number(value);
  if (value === undefined || !(x >= 0) || !Number.isFinite(x))
    throw new Error(`${flag} needs a number ≥ 0, got '${value}'`);
  return x;
}

/** `gpt4=10/30` → the arm and its price (USD per million input / output tokens). */
function parsePrice(value: string | undefined): [ArmId, ModelPrice] {
  const m = /^([^=]+)=([0-9.e+-]+)\/([0-9.e+-]+)$/.exec(value ?? '');
  const arm = m?.[1] as ArmId | undefined;
  if (!m || !arm || !ARMS.includes(arm))
    throw new Error(`--price needs arm=input/output with arm one of ${ARMS.join(', ')}, got '${value}'`);
  return [
    arm,
    { inputUsdPerMTok: positiveNumber('--price', m[2]), outputUsdPerMTok: positiveNumber('--price', m[3]) },
  ];
}

function parseHalf(value: string | undefined): 'even' | 'odd' {
  if (value === 'even' || value === 'odd') return value;
  throw new Error(`--half needs even or odd, got '${value}'`);
}

export function parseRoutingArgs(argv: readonly string[], env: NodeJS.ProcessEnv): RoutingOptions {
  const options: RoutingOptions = {
    data: FIXTURE,
    orders: Number(env.ROUTING_ORDERS ?? 4),
    firstOrder: 1,
    variants: env.ROUTING_VARIANTS ? env.ROUTING_VARIANTS.split(',') : null,
    concurrency: Number(env.ROUTING_CONCURRENCY ?? 4),
    subjects: Number(env.ROUTING_SUBJECTS ?? 0),
    epsilon: ROUTING_EPSILON,
    half: null,
    scoring: { prices: { ...PRICES }, reward: routingReward(0.01) },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i];
    if (arg === '--orders') options.orders = positiveNumber(arg, value());
    else if (arg === '--first-order') options.firstOrder = positiveNumber(arg, value());
    else if (arg === '--variants') options.variants = (value() ?? '').split(',');
    else if (arg === '--concurrency') options.concurrency = positiveNumber(arg, value());
    else if (arg === '--subjects') options.subjects = positiveNumber(arg, value());
    else if (arg === '--epsilon') options.epsilon = positiveNumber(arg, value());
    else if (arg === '--half') options.half = parseHalf(value());
    else if (arg === '--cost-ref') options.scoring.reward = routingReward(positiveNumber(arg, value()));
    else if (arg === '--price') {
      const [arm, price] = parsePrice(value());
      options.scoring.prices[arm] = price;
    } else if (arg.startsWith('--')) throw new Error(`unknown flag ${arg}`);
    else options.data = arg;
  }
  return options;
}
