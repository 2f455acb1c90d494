// `npm run bench [-- service|faults|policies|ope|routing|dashboard|all] [args…]`: runs the benchmark scripts; each
// prints its figures. Arguments after the name go to that script (`npm run bench -- routing data.jsonl --orders 4`).
import { spawnSync } from 'node:child_process';

const SUITES = {
  service: ['node', ['bench/service.mjs']],
  // 60 s of agent traffic under Postgres and Redis faults; needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)
  faults: ['node', ['bench/faults.mjs']],
  policies: ['npx', ['tsx', 'bench/policies.ts']],
  rollout: ['npx', ['tsx', 'bench/rollout-guard.ts']],
  ope: ['npx', ['tsx', 'bench/ope.ts']],
  'ope-coverage': ['npx', ['tsx', 'bench/ope-coverage.ts']],
  // needs the service running (npm start); TUNELOOP_URL and TUNELOOP_ADMIN_KEY say where
  routing: ['npx', ['tsx', 'bench/routing-http.ts']],
  // seeds 100,000 decisions through npm start, then loads the dashboard in Chromium
  dashboard: ['node', ['bench/dashboard.mjs']],
};
const wanted = process.argv[2] ?? 'service';
const extra = process.argv.slice(3);
const names = wanted === 'all' ? Object.keys(SUITES) : [wanted];
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) {
    console.error(`unknown bench '${name}'; choose one of ${Object.keys(SUITES).join(', ')}, all`);
    process.exit(2);
  }
  console.log(`\n## bench: ${name}`);
  const { status } = spawnSync(suite[0], [...suite[1], ...extra], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
