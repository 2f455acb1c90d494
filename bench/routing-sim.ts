/**
 * In-process routing replay (issue 12, DESIGN §11): the routing outcomes replayed as a shuffled
 * mix of all subjects through the service's own policy code, one task type per subject in phase
 * `general`, GPT-4 the baseline and Mixtral the other arm, priced at each request's own prompt
 * (`costModel: 'priced'` with `context.promptTokens`, what the HTTP bench sends). Hundreds of
 * orders in seconds, where the HTTP bench (bench/routing-http.ts) takes minutes per order: this is
 * where the averages and the tails come from; the HTTP bench checks the service agrees.
 *
 * Usage: npx tsx bench/routing-sim.ts [data.jsonl] [--orders 200] [--half even|odd] [--price arm=in/out]
 *   [--cost-ref USD] [--epsilon E]: the HTTP bench's flags (bench/routing-args.ts), orders from 0.
 *
 * Every variant sees the same 20 % of each subject held out (warm start folds it in at weight 1;
 * the others ignore it) and replays the other 80 % in the same orders; the measures are on the
 * replayed part. The group prior is refreshed every GROUP_REFRESH questions, about what the
 * service's 2 s group sync amounts to at the HTTP bench's pace. Results: docs/benchmarks.md.
 */

import { chooseArm } from '../src/bandit/exploration';
import { addObservation, EMPTY_STATS, type GaussianStats } from '../src/bandit/gaussian-stats';
import { seededRng } from '../src/common/seeded-rng';
import { type Arm, GroupConfig, PolicyConfig } from '../src/contract/task-type';
import { expectedCostTerms } from '../src/cost/expected-cost';
import { contrastPriorWeightOf } from '../src/policies/registry';
import { createThompsonGaussian } from '../src/policies/thompson-gaussian';
import {
  foldWarmStart,
  type MemberStats,
  memberArmKeys,
  memberPriors,
  ownShrinkPriors,
  statsWithPrior,
} from '../src/sharing';
import { parseRoutingArgs, ROUTING_EPSILON } from './routing-args';
import {
  ARMS,
  type ArmId,
  DEFAULT_SCORING,
  holdOut,
  loadQuestions,
  MODELS,
  measure,
  type Question,
  type ReplayMeasure,
  type Scoring,
  shuffled,
  subjectsHalf,
} from './routing-data';

export interface Variant {
  name: string;
  warmStart: boolean;
  /** the group's cap on pooled pseudo-outcomes (`group.priorWeight`); absent: no group */
  priorWeight?: number;
  /** `policy.contrastPriorWeight` */
  contrastPriorWeight: number;
  epsilon: number;
  /** a bound, not a policy: warm start from the replayed questions themselves (every subject's means known) */
  warmFromLive?: boolean;
}

/** The service's own defaults for the bench's policy and group (read, not copied: they move together). */
const PRICED = PolicyConfig.parse({ kind: 'thompson-gaussian', costModel: 'priced' });
const DEFAULTS = { epsilon: ROUTING_EPSILON, contrastPriorWeight: contrastPriorWeightOf(PRICED) };
const GROUP_CAP = GroupConfig.parse({ name: 'routing' }).priorWeight;
/** What the HTTP bench runs: the service's defaults with and without warm start and a group. */
export const VARIANTS: Variant[] = [
  { name: 'plain', warmStart: false, ...DEFAULTS },
  { name: 'warm', warmStart: true, ...DEFAULTS },
  { name: 'group', warmStart: false, priorWeight: GROUP_CAP, ...DEFAULTS },
  { name: 'group+warm', warmStart: true, priorWeight: GROUP_CAP, ...DEFAULTS },
];
/** What the defaults buy: no shrink (the first release's priced policy) and the group's old fixed 20. */
export const ABLATIONS: Variant[] = [
  { name: 'plain, no shrink', warmStart: false, ...DEFAULTS, contrastPriorWeight: 0 },
  { name: 'warm, no shrink', warmStart: true, ...DEFAULTS, contrastPriorWeight: 0 },
  { name: 'group cap 20', warmStart: false, priorWeight: 20, ...DEFAULTS },
  { name: 'group cap 20 + warm', warmStart: true, priorWeight: 20, ...DEFAULTS },
  { name: 'means known (bound)', warmStart: true, warmFromLive: true, ...DEFAULTS, contrastPriorWeight: 0 },
];

const GROUP_REFRESH = 10;
const DRAWS = 100;
const ARM_CONFIG: Arm[] = ARMS.map((id) => ({
  id,
  params: { model: MODELS[id], temperature: 0, maxTokens: 1 },
}));
const policy = createThompsonGaussian({ draws: DRAWS });

type SubjectStats = Record<ArmId, GaussianStats>;
const empty = (): SubjectStats => ({ gpt4: EMPTY_STATS, mixtral: EMPTY_STATS });

/** What the posterior learns under 'priced': the reward before its cost term. */
const beforeCost = (q: Question, arm: ArmId, { reward }: Scoring) =>
  q.outcomes[arm].reward + ((reward.weights.cost ?? 0) / reward.costRefUsd!) * q.outcomes[arm].costUsd;

/**
 * Each arm's cost term at this request's prompt, as the service prices it (src/cost/expected-cost.ts):
 * an MMLU answer is one token, so each arm's mean completion is 1.
 */
const ONE_TOKEN_ANSWERS = ARMS.map(() => ({ completionTokensSum: 1, completionTokensCount: 1 }));
const costTerms = (promptTokens: number, { prices, reward }: Scoring) =>
  expectedCostTerms(
    ARMS.map((a) => prices[a]),
    ONE_TOKEN_ANSWERS,
    reward,
    promptTokens,
  );

/** One replay: the arm served to each question of `live`, in order. */
export function replay(
  variant: Variant,
  live: readonly Question[],
  held: readonly Question[],
  seed: string,
  scoring: Scoring = DEFAULT_SCORING,
): ArmId[] {
  const rng = seededRng(`policy:${seed}:${variant.name}`);
  const own = new Map<string, SubjectStats>();
  const liveOnly = new Map<string, SubjectStats>();
  const ownOf = (m: Map<string, SubjectStats>, subject: string) =>
    m.get(subject) ?? m.set(subject, empty()).get(subject)!;
  if (variant.warmStart) {
    const source = variant.warmFromLive ? live : held;
    for (const subject of new Set(source.map((q) => q.subject))) {
      const outcomes = source
        .filter((q) => q.subject === subject)
        .flatMap((q) => ARMS.map((armId) => ({ armId, reward: beforeCost(q, armId, scoring) })));
      own.set(subject, foldWarmStart(empty(), ARMS, outcomes, 1).stats as SubjectStats);
    }
  }
  let groupPriors = new Map<string, Record<string, GaussianStats>>();
  const served: ArmId[] = [];
  live.forEach((q, i) => {
    const mine = ownOf(own, q.subject);
    const ownStats = (id: string) => mine[id as ArmId];
    if (variant.priorWeight !== undefined && i % GROUP_REFRESH === 0)
      groupPriors = refreshGroup(variant, own, liveOnly);
    const fromGroup = groupPriors.get(q.subject);
    const priors =
      fromGroup && Object.values(fromGroup).some((p) => p.n > 0)
        ? fromGroup
        : ownShrinkPriors(ARM_CONFIG, 'gpt4', ownStats, variant.contrastPriorWeight);
    const stats = ARMS.map((a) => (priors[a]?.n ? statsWithPrior(mine[a], priors[a]!) : mine[a]));
    const draws = policy.posteriorDraws!(
      stats,
      [true, true],
      rng,
      costTerms(q.outcomes.gpt4.promptTokens, scoring),
    );
    const arm = ARMS[chooseArm(rng, draws, variant.epsilon, [true, true]).armIndex]!;
    served.push(arm);
    mine[arm] = addObservation(mine[arm], beforeCost(q, arm, scoring));
    const l = ownOf(liveOnly, q.subject);
    l[arm] = addObservation(l[arm], beforeCost(q, arm, scoring));
  });
  return served;
}

/** Every member's prior from the group's pool of live statistics (warm-start evidence stays each member's own). */
function refreshGroup(variant: Variant, own: Map<string, SubjectStats>, liveOnly: Map<string, SubjectStats>) {
  const members: MemberStats[] = [...liveOnly].map(([taskType, s]) => ({
    taskType,
    arms: memberArmKeys(ARM_CONFIG, (id) => s[id as ArmId]),
  }));
  const weights = { priorWeight: variant.priorWeight!, shrinkWeight: variant.contrastPriorWeight };
  return new Map(
    [...own].map(([subject, s]) => [
      subject,
      memberPriors(subject, ARM_CONFIG, 'gpt4', (id) => s[id as ArmId], members, weights),
    ]),
  );
}

export interface Summary {
  name: string;
  runs: ReplayMeasure[];
}

/** Every variant over the same orders and the same held-out split (common random numbers). */
export function compare(
  variants: Variant[],
  orders: number,
  questions: Question[],
  scoring: Scoring = DEFAULT_SCORING,
): Summary[] {
  const results = variants.map((v) => ({ name: v.name, runs: [] as ReplayMeasure[] }));
  for (let o = 0; o < orders; o++) {
    const seed = `order-${o}`;
    const { held, live } = holdOut(questions, 0.2, seededRng(`holdout:${seed}`));
    const order = shuffled(live, seededRng(`shuffle:${seed}`));
    variants.forEach((v, i) => {
      results[i]!.runs.push(measure(order, replay(v, order, held, seed, scoring)));
    });
  }
  return results;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function table(summaries: Summary[]): string {
  const rows = summaries.map(({ name, runs }) => {
    const g = runs.map((r) => r.gainCaptured).sort((a, b) => a - b);
    const at = (q: number) => pct(g[Math.floor(g.length * q)]!);
    const below = g.filter((x) => x < 0.35).length;
    return `| ${name} | ${pct(mean(g))} | ${pct(g[0]!)} | ${at(0.05)} | ${at(0.25)} | ${below}/${g.length} | ${pct(mean(runs.map((r) => r.costSaved)))} | ${pct(mean(runs.map((r) => r.accuracyKept)))} |`;
  });
  const r0 = summaries[0]!.runs;
  return [
    `R best fixed ${mean(r0.map((r) => r.bestFixed)).toFixed(4)}, R oracle ${mean(r0.map((r) => r.oracle)).toFixed(4)} (means over orders)`,
    '',
    '| variant | gain captured (mean) | min | 5th pct | lower quartile | orders below 35 % | cost saved | accuracy kept |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

if (process.argv[1]?.endsWith('routing-sim.ts')) {
  const options = parseRoutingArgs(process.argv.slice(2), { ROUTING_ORDERS: '200' });
  const questions = subjectsHalf(loadQuestions(options.data, options.scoring), options.half);
  const variants = [...VARIANTS, ...ABLATIONS].map((v) => ({ ...v, epsilon: options.epsilon }));
  console.log(table(compare(variants, options.orders, questions, options.scoring)));
}
