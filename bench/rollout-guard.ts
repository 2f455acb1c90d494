/**
 * SLO guard figures: false rollbacks when both cohorts share one distribution, re-checked after
 * every outcome, against the naive sample-p99 comparison; and outcomes-to-detect for gross
 * breaches. Seeded (the same figures every run); the world and the rollout loop are the ones the
 * unit tests use (test/unit/rollout/simulate.ts).
 * Usage: npx tsx bench/rollout-guard.ts [rollouts=1000]   (figures in docs/rollout.md)
 */
import {
  ALL_RULES,
  BASE,
  type CohortWorld,
  median,
  RELATIVE_RULES,
  runRollout,
} from '../test/unit/rollout/simulate';

const ROLLOUTS = Number(process.argv[2] ?? 1000);

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(2)} %`;

function nullScenario(label: string, share: number, outcomes: number, gapMs: number) {
  const started = performance.now();
  let rollbacks = 0;
  let naiveRollouts = 0;
  let eligible = 0;
  let fired = 0;
  let segments = 0;
  for (let i = 0; i < ROLLOUTS; i++) {
    const r = runRollout(`bench-null-${label}-${i}`, { share, treated: BASE, control: BASE }, ALL_RULES, {
      outcomes,
      gapMs,
    });
    if (r.breach) rollbacks++;
    if (r.naiveAt !== null) naiveRollouts++;
    eligible += r.naiveChecks.eligible;
    fired += r.naiveChecks.fired;
    segments = Math.max(segments, r.segments);
  }
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `| ${label} | ${outcomes} × ${gapMs / 1000} s, ${segments} segments | ${rollbacks}/${ROLLOUTS} (${pct(rollbacks, ROLLOUTS)}) | ${pct(naiveRollouts, ROLLOUTS)} | ${pct(fired, eligible)} | ${s} s |`,
  );
}

function detection(label: string, treated: CohortWorld, control: CohortWorld, rule: string) {
  const delays: number[] = [];
  for (let i = 0; i < ROLLOUTS; i++) {
    const r = runRollout(`bench-detect-${label}-${i}`, { share: 0.05, treated, control }, RELATIVE_RULES, {
      outcomes: 10_000,
      gapMs: 50,
      maxTreated: 100,
    });
    if (r.breach?.rule === rule && r.treated <= 100) delays.push(r.treated);
  }
  const sorted = [...delays].sort((a, b) => a - b);
  console.log(
    `| ${label} | ${rule} | ${delays.length}/${ROLLOUTS} (${pct(delays.length, ROLLOUTS)}) | ${median(delays)} | ${sorted[Math.floor(0.9 * (sorted.length - 1))]} | ${sorted.at(-1)} |`,
  );
}

console.log(
  `\n### False rollbacks (${ROLLOUTS} rollouts each, all five rules, absolute SLOs at the true values)\n`,
);
console.log('| phase | outcomes | guard rollbacks | naive: rollouts rolled back | naive: per check | time |');
console.log('| --- | --- | --- | --- | --- | --- |');
nullScenario('guarded 50 %', 0.5, 2000, 2000);
nullScenario('guarded 25 %', 0.25, 8000, 2000);
nullScenario('canary 5 %', 0.05, 2000, 2000);

console.log(`\n### Detection in canary (5 %), within 100 treated outcomes (${ROLLOUTS} rollouts each)\n`);
console.log('| treated cohort | rule | caught | median | p90 | max |');
console.log('| --- | --- | --- | --- | --- | --- |');
const slow = (c: CohortWorld) => ({ ...c, latencyMedianMs: 8 * c.latencyMedianMs });
detection('latency × 8 (lognormal σ 0.6)', slow(BASE), BASE, 'latency-p99-relative');
const heavy = { ...BASE, latencySigma: 1 };
detection('latency × 8 (lognormal σ 1.0)', slow(heavy), heavy, 'latency-p99-relative');
detection(
  'quality −0.2 (Beta(3,2) vs Beta(8,2))',
  { ...BASE, qualityA: 3, qualityB: 2 },
  BASE,
  'quality-relative',
);
detection('errors 20 % vs errorRateMax 2 %', { ...BASE, errorRate: 0.2 }, BASE, 'error-rate');
