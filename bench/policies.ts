/**
 * Policy convergence benchmark: Thompson Gaussian, LinUCB, linear Thompson, uniform and the
 * oracle on two synthetic worlds (bench/policies-worlds.ts), with stated seeds.
 * Usage: npx tsx bench/policies.ts  (prints markdown tables; figures in docs/benchmarks.md)
 */
import { sampleStandardNormal } from '../src/bandit/distributions';
import { seededRng } from '../src/common/seeded-rng';
import { createLinearThompson } from '../src/policies/linear-thompson';
import { createLinUcb, DEFAULT_ALPHA } from '../src/policies/linucb';
import { type Learner, linear, oracle, thompsonGaussian, uniform } from './policies-learners';
import { bestArm, contextFree, riskTier, type World } from './policies-worlds';

type MakeLearner = (world: World) => Learner;

const LEARNERS: MakeLearner[] = [
  thompsonGaussian,
  (w) => linear(w, createLinUcb(), `LinUCB (α ${DEFAULT_ALPHA})`),
  (w) => linear(w, createLinearThompson(), 'linear Thompson'),
  uniform,
  oracle,
];

interface RunResult {
  /** Σ (best mean − served mean): expected regret against the oracle */
  regret: number;
  /** the same sum over the first 1 000 rounds */
  regretAt1000: number;
  /** Σ (served mean − mean over arms): expected gain over uniform serving */
  gainOverUniform: number;
  /** per round: was the context's best arm served */
  servedBest: boolean[];
  /** at round `probeAt`: the most probable arm is the best on every probe context */
  found: boolean | undefined;
}

/**
 * One run. The world's contexts and noise come from their own seed, shared by every learner
 * (common random numbers), so differences between learners are not differences in luck.
 */
function run(world: World, make: MakeLearner, rounds: number, seed: string, probeAt = -1): RunResult {
  const worldRng = seededRng(`world:${world.name}:${seed}`);
  const learner = make(world);
  const policyRng = seededRng(`policy:${learner.name}:${seed}`);
  const probeRng = seededRng(`probe:${seed}`);
  let regret = 0;
  let regretAt1000 = Number.NaN;
  let gainOverUniform = 0;
  let found: boolean | undefined;
  const servedBest: boolean[] = [];
  for (let t = 1; t <= rounds; t++) {
    const context = world.sampleContext(worldRng);
    const noise = world.noiseSd * sampleStandardNormal(worldRng);
    const means = world.means(context);
    const arm = learner.choose(context, policyRng);
    const best = bestArm(means);
    regret += means[best]! - means[arm]!;
    gainOverUniform += means[arm]! - means.reduce((s, m) => s + m, 0) / means.length;
    servedBest.push(arm === best);
    learner.learn(context, arm, means[arm]! + noise);
    if (t === 1000) regretAt1000 = regret;
    if (t === probeAt) {
      const tops = world.probes.map((p) => learner.top(p, probeRng));
      // A policy without a most probable arm (uniform) is not judged.
      if (!tops.includes(undefined))
        found = tops.every((top, i) => top === bestArm(world.means(world.probes[i]!)));
    }
  }
  return { regret, regretAt1000, gainOverUniform, servedBest, found };
}

const fmt = (v: number, digits = 1) => v.toFixed(digits);
const pct = (v: number) => `${(100 * v).toFixed(0)} %`;

function regretTable(worlds: World[], rounds: number, seeds: number): string[] {
  const lines = [
    `| world | policy | regret vs oracle @1 000 | regret vs oracle @${rounds} | gain over uniform @${rounds} |`,
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const world of worlds) {
    for (const make of LEARNERS) {
      let early = 0;
      let regret = 0;
      let gain = 0;
      let name = '';
      for (let s = 0; s < seeds; s++) {
        const r = run(world, make, rounds, `regret-${s}`);
        name = make(world).name;
        regret += r.regret / seeds;
        gain += r.gainOverUniform / seeds;
        early += r.regretAt1000 / seeds;
      }
      lines.push(`| ${world.name} | ${name} | ${fmt(early)} | ${fmt(regret)} | ${fmt(gain)} |`);
    }
  }
  return lines;
}

function findTable(worlds: World[], runs: number, outcomes: number): string[] {
  const lines = [
    `| world | policy | runs that found the best arm by outcome ${outcomes} |`,
    '| --- | --- | ---: |',
  ];
  for (const world of worlds) {
    for (const make of LEARNERS) {
      let found = 0;
      let judged = 0;
      let name = '';
      for (let s = 0; s < runs; s++) {
        const r = run(world, make, outcomes, `find-${s}`, outcomes);
        name = make(world).name;
        if (r.found !== undefined) {
          judged += 1;
          if (r.found) found += 1;
        }
      }
      lines.push(`| ${world.name} | ${name} | ${judged === 0 ? 'n/a' : pct(found / judged)} |`);
    }
  }
  return lines;
}

/**
 * The bar: LinUCB serves the context's best arm in ≥ 80 % of rounds 701–900, swept
 * over α. Linear Thompson costs ~40× a LinUCB round (M = 1000 draws), so it gets fewer runs.
 */
function acceptanceTable(runs: number, thompsonRuns: number): string[] {
  const candidates: [MakeLearner, number][] = [
    ...[0.05, 0.2, 0.5, 1, 2].map((alpha): [MakeLearner, number] => [
      (w) => linear(w, createLinUcb({ alpha }), `LinUCB α ${alpha}`),
      runs,
    ]),
    [(w) => linear(w, createLinearThompson(), `linear Thompson (v 0.5, ${thompsonRuns} runs)`), thompsonRuns],
    [oracle, runs],
  ];
  const lines = [
    '| policy | mean share best, rounds 701–900 | runs ≥ 80 % | worst run |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const [make, n] of candidates) {
    const shares: number[] = [];
    for (let s = 0; s < n; s++) {
      const r = run(riskTier, make, 900, `accept-${s}`);
      shares.push(r.servedBest.slice(700).filter(Boolean).length / 200);
    }
    const mean = shares.reduce((a, b) => a + b, 0) / n;
    const passing = shares.filter((v) => v >= 0.8).length / n;
    lines.push(`| ${make(riskTier).name} | ${pct(mean)} | ${pct(passing)} | ${pct(Math.min(...shares))} |`);
  }
  return lines;
}

export function main(): void {
  const started = performance.now();
  const worlds = [contextFree, riskTier];
  const sections: [string, string[]][] = [
    ['Cumulative expected regret, mean of 2 runs of 10 000 rounds', regretTable(worlds, 10_000, 2)],
    ['Finding the best arm within 200 outcomes (100 runs)', findTable(worlds, 100, 200)],
    ['Acceptance bar on the contextual world (100 runs of 900 rounds, ε = 0.05)', acceptanceTable(100, 20)],
  ];
  for (const [title, lines] of sections) {
    console.log(`\n### ${title}\n`);
    console.log(lines.join('\n'));
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
