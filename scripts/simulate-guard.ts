/**
 * `simulate -- guard`: one task type's phase on a simulated clock, the anytime guard judged
 * after every outcome and by a sweep every minute, exactly the pure code the Durable Object runs
 * (src/rollout/anytime-guard.ts via src/optimizer/guard-steps.ts, with the default settings). Outcomes arrive at once; the regression, if any, is present
 * from the phase's start.
 */
import { seededRng } from '../src/common/seeded-rng';
import {
  type AnytimeGuardSettings,
  firstAnytimeBreach,
  foldGuardOutcome,
  judgeAnytimeGuard,
  startAnytimeGuard,
} from '../src/rollout/anytime-guard';
import { anytimeSettingsOf } from '../src/rollout/anytime-settings';
import { DEFAULT_ROLLOUT_SETTINGS } from '../src/rollout/config';
import { parseDist, parseTreatedDist } from './simulate-dists';

export interface GuardOptions {
  runs: number;
  hours: number;
  rate: number;
  share: number;
  seed: string;
  quality: string;
  treatedQuality?: string | undefined;
  latency: string;
  treatedLatency?: string | undefined;
  errorRate: number;
  treatedErrorRate: number;
  slo: AnytimeGuardSettings['slo'];
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function simulateGuard(options: GuardOptions) {
  // The settings a task type gets by default, mapped as the object maps them (guard-steps.ts).
  const settings: AnytimeGuardSettings = anytimeSettingsOf(DEFAULT_ROLLOUT_SETTINGS, options.slo);
  const quality = parseDist(options.quality);
  const treatedQuality = parseTreatedDist(options.treatedQuality, 0, 1);
  const latency = parseDist(options.latency);
  const treatedLatency = parseTreatedDist(options.treatedLatency, 0, Number.POSITIVE_INFINITY);
  const endS = options.hours * 3600;
  const minutes: number[] = [];
  const treatedAt: number[] = [];
  let rollbacks = 0;
  let inconclusive = 0;
  const ruleCounts: Record<string, number> = {};
  for (let run = 0; run < options.runs; run++) {
    const rng = seededRng(`${options.seed}/guard/${run}`);
    const state = startAnytimeGuard(0);
    let t = 0;
    let nextSweep = 60;
    let treatedN = 0;
    let last = 'inconclusive';
    let rolledBack = false;
    while (!rolledBack) {
      t += -Math.log(1 - rng()) / options.rate;
      // The minute sweeps due before this outcome (state unchanged since the last outcome).
      while (nextSweep <= Math.min(t, endS)) {
        last = judgeAnytimeGuard(state, settings).verdict;
        nextSweep += 60;
      }
      if (t > endS) break;
      const treated = rng() < options.share;
      const outcome = treated
        ? {
            quality: treatedQuality(rng, quality),
            latencyMs: treatedLatency(rng, latency),
            success: rng() >= options.treatedErrorRate,
          }
        : { quality: quality(rng), latencyMs: latency(rng), success: rng() >= options.errorRate };
      foldGuardOutcome(state, treated ? 'treated' : 'control', outcome);
      if (treated) treatedN++;
      const breach = firstAnytimeBreach(state, settings);
      if (breach !== null) {
        last = 'breach';
        rolledBack = true;
        rollbacks++;
        minutes.push(t / 60);
        treatedAt.push(treatedN);
        ruleCounts[breach] = (ruleCounts[breach] ?? 0) + 1;
      }
    }
    if (!rolledBack && last === 'inconclusive') inconclusive++;
  }
  const med = median(minutes);
  return {
    runs: options.runs,
    rollbacks,
    rollbackShare: rollbacks / options.runs,
    medianMinutesToRollback: med === null ? null : Math.round(med * 10) / 10,
    medianTreatedOutcomesAtRollback: median(treatedAt),
    inconclusiveShare: inconclusive / options.runs,
    rollbacksByRule: ruleCounts,
  };
}
