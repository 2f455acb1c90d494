/**
 * `npm run bench -- routing [data.jsonl] [flags]`: routing outcomes replayed through the RUNNING
 * service over HTTP (DESIGN §11, issue 12). One task type per subject (GPT-4 baseline, Mixtral),
 * quality = correct, reward = correct − cost / costRefUsd, phase general, a shuffled mix of all
 * subjects, with and without warm start (from a held-out 20 % of each subject) and groups, over
 * several replay orders. Prints DESIGN §11's measures per replay and checks that the service's
 * own `meanCostUsd` and `savings` agree with what the replayer computes.
 *
 * data.jsonl: the format of test/fixtures/routing/mmlu.jsonl (its README); default that file.
 * Flags (env in brackets):
 *   --orders N [ROUTING_ORDERS, 4]        replay orders 1..N
 *   --first-order K                       start at order K instead (K..K+N−1): split orders between runs
 *   --variants a,b [ROUTING_VARIANTS]     of plain, warm, group, group+warm (default all four)
 *   --concurrency N [ROUTING_CONCURRENCY, 4]  questions in flight per variant
 *   --subjects N [ROUTING_SUBJECTS, 0]    keep the first N subjects (0: all)
 *   --half even|odd                       keep every other subject (sorted)
 *   --price arm=in/out                    USD per million tokens, e.g. --price gpt4=10/30 (README's by default)
 *   --cost-ref USD                        what a correct answer is worth (0.01)
 *   --epsilon E                           the exploration floor (0.01: docs/benchmarks.md says why)
 * The variants of one order run at once, each under its own task-type names, so one order takes
 * about as long as one replay. Env: TUNELOOP_URL (default http://127.0.0.1:8822), TUNELOOP_ADMIN_KEY.
 */
import { seededRng } from '../src/common/seeded-rng';
import { parseRoutingArgs, type RoutingOptions } from './routing-args';
import {
  ARMS,
  type ArmId,
  holdOut,
  loadQuestions,
  MODELS,
  measure,
  type Question,
  type ReplayMeasure,
  shuffled,
  subjectsHalf,
  subjectsOf,
} from './routing-data';
import { VARIANTS as SIM_VARIANTS } from './routing-sim';

const BASE = process.env.TUNELOOP_URL ?? 'http://127.0.0.1:8822';
const KEY = process.env.TUNELOOP_ADMIN_KEY ?? '';

interface Variant {
  name: string;
  warmStart: boolean;
  group: boolean;
}
/** The in-process replayer's variants (bench/routing-sim.ts), so both benches name and run the same four. */
const VARIANTS: Variant[] = SIM_VARIANTS.map(({ name, warmStart, priorWeight }) => ({
  name,
  warmStart,
  group: priorWeight !== undefined,
}));

async function api(
  method: string,
  path: string,
  body?: unknown,
): Promise<
  // biome-ignore lint/suspicious/noExplicitAny: JSON of several shapes, read field by field
  any
> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // Busy, or (a read, which is safe to repeat) a server error under load: wait and ask again.
    const retry = res.status === 429 || res.status === 503 || (method === 'GET' && res.status >= 500);
    if (retry && attempt < 20) {
      await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 400)}`);
    return text ? JSON.parse(text) : null;
  }
}

/** A task type name from any subject: lower case, [a-z0-9-] only, at most 64 characters. */
const taskTypeName = (run: string, subject: string) =>
  `rt-${run}-${subject.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}`.slice(0, 64);

/**
 * The task type of one subject: the arms priced at decision time (`costModel: 'priced'`,
 * docs/decisions.md), ε from the in-process study (docs/benchmarks.md).
 */
function config(variant: Variant, run: string, options: RoutingOptions) {
  return {
    baselineArmId: 'gpt4',
    arms: ARMS.map((id) => ({ id, params: { model: MODELS[id], temperature: 0, maxTokens: 1 } })),
    pricing: Object.fromEntries(ARMS.map((id) => [MODELS[id], options.scoring.prices[id]])),
    policy: { kind: 'thompson-gaussian', epsilon: options.epsilon, draws: 1000, costModel: 'priced' },
    reward: {
      weights: { quality: 1, latency: 0, tokens: 0, cost: 1 },
      costRefUsd: options.scoring.reward.costRefUsd,
    },
    rollout: { phase: 'general' },
    // The group's and the shrink prior's weights are the service's defaults (docs/decisions.md).
    ...(variant.group ? { group: { name: `rg-${run}`.slice(0, 64) } } : {}),
  };
}

/** Runs `work` over `items` with at most `limit` in flight, in order of start. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const runners = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  });
  await Promise.all(runners);
}

interface ReplayResult extends ReplayMeasure {
  costAgreement: number;
  savingsAgreement: number;
  variant: string;
  order: number;
  seconds: number;
}

/** Distinguishes this run's task types from those of earlier runs against the same service. */
const STARTED = Date.now().toString(36);

async function replay(
  variant: Variant,
  order: number,
  questions: Question[],
  options: RoutingOptions,
): Promise<ReplayResult> {
  const run = `${STARTED}-${variant.name.replace('+', '')}-${order}`;
  const subjects = subjectsOf(questions);
  const { held, live } = holdOut(questions, 0.2, seededRng(`routing-holdout|${order}`));
  for (const subject of subjects)
    await api('PUT', `/v1/task-types/${taskTypeName(run, subject)}`, config(variant, run, options));
  if (variant.warmStart) {
    for (const subject of subjects) {
      const outcomes = held
        .filter((q) => q.subject === subject)
        .flatMap((q) =>
          ARMS.map((armId) => {
            const o = q.outcomes[armId];
            return {
              armId,
              quality: o.quality,
              promptTokens: o.promptTokens,
              completionTokens: o.completionTokens,
            };
          }),
        );
      await api('POST', `/v1/task-types/${taskTypeName(run, subject)}/warm-start`, {
        source: `mmlu held-out ${order}`,
        weight: 1,
        outcomes,
      });
    }
  }
  const mix = shuffled(live, seededRng(`routing-order|${order}`));
  const startedAt = Date.now();
  const served: ArmId[] = new Array(mix.length);
  await pool(mix, options.concurrency, async (q, i) => {
    const taskType = taskTypeName(run, q.subject);
    // The prompt's size is known before the call: a priced policy prices this request at it.
    const context = { promptTokens: q.outcomes.gpt4.promptTokens };
    const d = await api('POST', '/v1/recommend', { taskType, requestId: q.id, context });
    const armId = d.armId as ArmId;
    served[i] = armId;
    const o = q.outcomes[armId];
    await api('POST', '/v1/outcomes', {
      decisionId: d.decisionId,
      quality: o.quality,
      promptTokens: o.promptTokens,
      completionTokens: o.completionTokens,
      success: true,
    });
  });
  const seconds = (Date.now() - startedAt) / 1000;
  const measured = { ...measure(mix, served), variant: variant.name, order, seconds };
  // The measures are the replayer's own: printed before asking the service, so a failed check loses nothing.
  console.log(line({ ...measured, costAgreement: Number.NaN, savingsAgreement: Number.NaN }));
  const checked = await agreement(run, subjects, mix, served).catch((err: Error) => {
    console.error(`${variant.name} order ${order}: the service's figures could not be read: ${err.message}`);
    return { costAgreement: Number.POSITIVE_INFINITY, savingsAgreement: Number.POSITIVE_INFINITY };
  });
  return { ...measured, ...checked };
}

/** The largest relative gap between the service's own cost figures and the replayer's. */
async function agreement(run: string, subjects: string[], mix: Question[], served: ArmId[]) {
  let costAgreement = 0;
  let savingsAgreement = 0;
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  const mineOf = (subject: string) =>
    mix.map((q, i) => ({ q, arm: served[i]! })).filter((x) => x.q.subject === subject);
  // meanCostUsd lives in the object: read first, for every subject, whatever Postgres does.
  for (const subject of subjects) {
    const status = await api('GET', `/v1/task-types/${taskTypeName(run, subject)}`);
    for (const arm of ARMS) {
      const costs = mineOf(subject)
        .filter((x) => x.arm === arm)
        .map((x) => x.q.outcomes[arm].costUsd);
      const theirs = status.arms.find((a: { armId: string }) => a.armId === arm).meanCostUsd;
      if (costs.length > 0)
        costAgreement = Math.max(costAgreement, rel(theirs, costs.reduce((s, c) => s + c, 0) / costs.length));
    }
  }
  // savings reads Postgres, which the outbox may still be filling after a fast replay: patience.
  for (const subject of subjects) {
    const mine = mineOf(subject);
    const savings = await patiently(() => api('GET', `/v1/task-types/${taskTypeName(run, subject)}/savings`));
    const servedCost = mine.reduce((s, x) => s + x.q.outcomes[x.arm].costUsd, 0);
    savingsAgreement = Math.max(savingsAgreement, rel(savings.served.costUsd, servedCost));
    if (savings.n !== mine.length) savingsAgreement = Number.POSITIVE_INFINITY;
  }
  return { costAgreement, savingsAgreement };
}

/** Asks again every 10 s for up to 15 minutes (the outbox drains by alarm, in batches). */
async function patiently<T>(ask: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ask();
    } catch (err) {
      if (attempt >= 90) throw err;
      await new Promise((r) => setTimeout(r, 10_000));
    }
  }
}

// n/a: no gain to capture (the oracle is the best fixed arm, e.g. every subject prefers one arm)
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');

function line(r: ReplayResult): string {
  return `${r.variant.padEnd(11)} order ${r.order}: reward/q ${r.rewardPerQuestion.toFixed(4)} (best fixed ${r.bestFixed.toFixed(4)}, oracle ${r.oracle.toFixed(4)}), gain captured ${pct(r.gainCaptured)}, cost saved ${pct(r.costSaved)}, accuracy kept ${pct(r.accuracyKept)} (${r.seconds.toFixed(0)} s)`;
}

async function main() {
  const options = parseRoutingArgs(process.argv.slice(2), process.env);
  const all = subjectsHalf(loadQuestions(options.data, options.scoring), options.half);
  const kept = options.subjects > 0 ? new Set(subjectsOf(all).slice(0, options.subjects)) : null;
  const questions = kept ? all.filter((q) => kept.has(q.subject)) : all;
  const variants = options.variants ? VARIANTS.filter((v) => options.variants!.includes(v.name)) : VARIANTS;
  console.log(
    `routing bench over HTTP at ${BASE}: ${options.data}, ${questions.length} questions in ${subjectsOf(questions).length} subjects, ${options.orders} orders × ${variants.map((v) => v.name).join(', ')} (at once), ${options.concurrency} in flight each, ε ${options.epsilon}`,
  );
  const results: ReplayResult[] = [];
  for (let order = options.firstOrder; order < options.firstOrder + options.orders; order++) {
    const replays = await Promise.all(variants.map((v) => replay(v, order, questions, options)));
    for (const r of replays)
      console.log(
        `${r.variant} order ${r.order}: service vs replayer: meanCostUsd ${r.costAgreement.toExponential(1)}, savings ${r.savingsAgreement.toExponential(1)}`,
      );
    results.push(...replays);
  }
  for (const variant of variants) {
    const mine = results.filter((r) => r.variant === variant.name);
    const mean = (f: (r: ReplayResult) => number) => mine.reduce((s, r) => s + f(r), 0) / mine.length;
    console.log(
      `${variant.name.padEnd(11)} over ${mine.length} orders: gain captured mean ${pct(mean((r) => r.gainCaptured))}, min ${pct(Math.min(...mine.map((r) => r.gainCaptured)))}; cost saved ${pct(mean((r) => r.costSaved))}; accuracy kept ${pct(mean((r) => r.accuracyKept))}; reward/q ${mean((r) => r.rewardPerQuestion).toFixed(4)}`,
    );
  }
  const worst = Math.max(...results.map((r) => Math.max(r.costAgreement, r.savingsAgreement)));
  console.log(`service vs replayer, largest relative gap over every replay: ${worst.toExponential(1)}`);
  if (!(worst < 1e-6)) {
    console.error(`the service's cost figures disagree with the replayer's (relative gap ${worst})`);
    process.exitCode = 1;
  }
}

await main();
