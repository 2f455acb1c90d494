import { sketchQuantile } from '../common/ddsketch';
import type { CohortStats, WindowView } from './slo-window';

/** A cohort's SLO figures for the status, the audit and `slo_metrics`. */
export function cohortSummary(stats: CohortStats) {
  return {
    outcomes: Math.max(stats.latency.count, stats.quality.n, stats.calls),
    latencyP50Ms: stats.latency.count > 0 ? sketchQuantile(stats.latency, 0.5) : null,
    latencyP99Ms: stats.latency.count > 0 ? sketchQuantile(stats.latency, 0.99) : null,
    meanQuality: stats.quality.n > 0 ? stats.quality.mean : null,
    errorRate: stats.calls > 0 ? stats.errors / stats.calls : null,
    calls: stats.calls,
    errors: stats.errors,
  };
}

export function sloSummary(view: WindowView) {
  return {
    window: { from: new Date(view.fromMs).toISOString(), to: new Date(view.toMs).toISOString() },
    treated: cohortSummary(view.treated),
    control: cohortSummary(view.control),
  };
}
