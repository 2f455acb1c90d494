/**
 * `npm run bench -- routing`: the MMLU routing fixture replayed through the RUNNING service over
 * HTTP (DESIGN §11, issue 12). One task type per subject (GPT-4 baseline, Mixtral), prices from
 * test/fixtures/routing/README.md, quality = correct, phase general, a shuffled mix of all
 * subjects, with and without warm start (from a held-out 20 % of each subject) and groups, over
 * several replay orders. Prints DESIGN §11's measures per variant and checks that the service's
 * own `meanCostUsd` and `savings` agree with what the replayer computes.
 *
 * Env: TUNELOOP_URL (default http://127.0.0.1:8822), TUNELOOP_ADMIN_KEY, ROUTING_ORDERS (3),
 * ROUTING_VARIANTS (comma list), ROUTING_CONCURRENCY (8), ROUTING_SUBJECTS (0: all).
 */
import { seededRng } from '../src/common/seeded-rng';
import {
  ARMS,
  type ArmId,
  holdOut,
  loadQuestions,
  MODELS,
  measure,
  PRICES,
  type Question,
  type ReplayMeasure,
  shuffled,
  subjectsOf,
} from './routing-data';

const BASE = process.env.TUNELOOP_URL ?? 'http://127.0.0.1:8822';
const KEY = process.env.TUNELOOP_ADMIN_KEY ?? '';
const ORDERS = Number(process.env.ROUTING_ORDERS ?? 3);
const CONCURRENCY = Number(process.env.ROUTING_CONCURRENCY ?? 8);

interface Variant {
  name: string;
  warmStart: boolean;
  group: boolean;
}
const VARIANTS: Variant[] = [
  { name: 'plain', warmStart: false, group: false },
  { name: 'warm', warmStart: true, group: false },
  { name: 'group', warmStart: false, group: true },
  { name: 'group+warm', warmStart: true, group: true },
];

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
    if ((res.status === 429 || res.status === 503) && attempt < 20) {
      await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
      continue;
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 400)}`);
    return text ? JSON.parse(text) : null;
  }
}

const taskTypeName = (run: string, subject: string) =>
  `rt-${run}-${subject.replaceAll('_', '-')}`.slice(0, 64);

function config(variant: Variant, run: string) {
  return {
    baselineArmId: 'gpt4',
    arms: ARMS.map((id) => ({ id, params: { model: MODELS[id], temperature: 0, maxTokens: 1 } })),
    pricing: Object.fromEntries(ARMS.map((id) => [MODELS[id], PRICES[id]])),
    policy: { kind: 'thompson-gaussian', epsilon: 0.01, draws: 1000 },
    reward: { weights: { quality: 1, latency: 0, tokens: 0, cost: 1 }, costRefUsd: 0.01 },
    rollout: { phase: 'general' },
    ...(variant.group ? { group: { name: `mmlu-${run}`.slice(0, 64), priorWeight: 20 } } : {}),
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
}

async function replay(variant: Variant, order: number, questions: Question[]): Promise<ReplayResult> {
  const run = `${Date.now().toString(36)}-${variant.name.replace('+', '')}-${order}`;
  const subjects = subjectsOf(questions);
  const { held, live } = holdOut(questions, 0.2, seededRng(`routing-holdout|${order}`));
  for (const subject of subjects)
    await api('PUT', `/v1/task-types/${taskTypeName(run, subject)}`, config(variant, run));
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
  const served: ArmId[] = new Array(mix.length);
  await pool(mix, CONCURRENCY, async (q, i) => {
    const taskType = taskTypeName(run, q.subject);
    const d = await api('POST', '/v1/recommend', { taskType, requestId: q.id });
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
  return { ...measure(mix, served), ...(await agreement(run, subjects, mix, served)) };
}

/** The largest relative gap between the service's own cost figures and the replayer's. */
async function agreement(run: string, subjects: string[], mix: Question[], served: ArmId[]) {
  let costAgreement = 0;
  let savingsAgreement = 0;
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  for (const subject of subjects) {
    const taskType = taskTypeName(run, subject);
    const mine = mix.map((q, i) => ({ q, arm: served[i]! })).filter((x) => x.q.subject === subject);
    const status = await api('GET', `/v1/task-types/${taskType}`);
    for (const arm of ARMS) {
      const costs = mine.filter((x) => x.arm === arm).map((x) => x.q.outcomes[arm].costUsd);
      const theirs = status.arms.find((a: { armId: string }) => a.armId === arm).meanCostUsd;
      if (costs.length > 0)
        costAgreement = Math.max(costAgreement, rel(theirs, costs.reduce((s, c) => s + c, 0) / costs.length));
    }
    const savings = await api('GET', `/v1/task-types/${taskType}/savings`);
    const servedCost = mine.reduce((s, x) => s + x.q.outcomes[x.arm].costUsd, 0);
    savingsAgreement = Math.max(savingsAgreement, rel(savings.served.costUsd, servedCost));
    if (savings.n !== mine.length) savingsAgreement = Number.POSITIVE_INFINITY;
  }
  return { costAgreement, savingsAgreement };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

async function main() {
  // ROUTING_SUBJECTS=n keeps the first n subjects (the demo's short run).
  const keep = Number(process.env.ROUTING_SUBJECTS ?? 0);
  const all = loadQuestions();
  const kept = keep > 0 ? new Set(subjectsOf(all).slice(0, keep)) : null;
  const questions = kept ? all.filter((q) => kept.has(q.subject)) : all;
  const wanted = process.env.ROUTING_VARIANTS?.split(',');
  const variants = wanted ? VARIANTS.filter((v) => wanted.includes(v.name)) : VARIANTS;
  console.log(
    `routing bench over HTTP at ${BASE}: ${questions.length} questions, ${ORDERS} orders, concurrency ${CONCURRENCY}`,
  );
  for (const variant of variants) {
    const results: ReplayResult[] = [];
    for (let order = 1; order <= ORDERS; order++) {
      const startedAt = Date.now();
      const r = await replay(variant, order, questions);
      results.push(r);
      console.log(
        `${variant.name.padEnd(11)} order ${order}: reward/q ${r.rewardPerQuestion.toFixed(4)} (best fixed ${r.bestFixed.toFixed(4)}, oracle ${r.oracle.toFixed(4)}), gain captured ${pct(r.gainCaptured)}, cost saved ${pct(r.costSaved)}, accuracy kept ${pct(r.accuracyKept)}, service vs replayer: meanCostUsd ${r.costAgreement.toExponential(1)}, savings ${r.savingsAgreement.toExponential(1)} (${((Date.now() - startedAt) / 1000).toFixed(0)} s)`,
      );
    }
    const mean = (f: (r: ReplayResult) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
    console.log(
      `${variant.name.padEnd(11)} over ${results.length} orders: gain captured mean ${pct(mean((r) => r.gainCaptured))}, min ${pct(Math.min(...results.map((r) => r.gainCaptured)))}; cost saved ${pct(mean((r) => r.costSaved))}; accuracy kept ${pct(mean((r) => r.accuracyKept))}; reward/q ${mean((r) => r.rewardPerQuestion).toFixed(4)}`,
    );
    const worst = Math.max(...results.map((r) => Math.max(r.costAgreement, r.savingsAgreement)));
    if (!(worst < 1e-6)) {
      console.error(`the service's cost figures disagree with the replayer's (relative gap ${worst})`);
      process.exitCode = 1;
    }
  }
}

await main();
