import { PHASES } from '../rollout/phase-machine';
import type { MetricsReport, OutboxLagReport } from './metrics-report';

/** The media type Prometheus scrapes (text exposition format 0.0.4). */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;
interface Sample {
  labels: Labels;
  value: number;
}
interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: Sample[];
}

/**
 * Renders the directory's latest reports as Prometheus text. Pure: the age of an outbox report is
 * added to its lag at `nowMs`, as /health does, so a silent object's lag keeps growing.
 */
export function renderPrometheus(reports: MetricsReport[], outbox: OutboxLagReport[], nowMs: number): string {
  const byName = [...reports].sort((a, b) => a.taskType.localeCompare(b.taskType));
  const families: Family[] = [
    {
      name: 'tuneloop_recommendations_total',
      help: 'Recommendations answered, by arm and by who chose the arm.',
      type: 'counter',
      samples: byName.flatMap((r) =>
        [...r.recommendations]
          .sort((a, b) => a.armId.localeCompare(b.armId) || a.served.localeCompare(b.served))
          .map((c) => ({
            labels: { task_type: r.taskType, arm: c.armId, served: c.served },
            value: c.count,
          })),
      ),
    },
    {
      name: 'tuneloop_outcomes_total',
      help: 'Outcomes recorded (first report of each decision).',
      type: 'counter',
      samples: byName.map((r) => ({ labels: { task_type: r.taskType }, value: r.outcomes })),
    },
    {
      name: 'tuneloop_cost_usd_total',
      help: 'USD spent on the LLM calls of each arm.',
      type: 'counter',
      samples: byName.flatMap((r) =>
        Object.keys(r.costUsdByArm)
          .sort()
          .map((arm) => ({ labels: { task_type: r.taskType, arm }, value: r.costUsdByArm[arm]! })),
      ),
    },
    {
      name: 'tuneloop_phase',
      help: '1 for the rollout phase the task type is in, 0 for the others.',
      type: 'gauge',
      samples: byName.flatMap((r) =>
        PHASES.map((phase) => ({
          labels: { task_type: r.taskType, phase },
          value: phase === r.phase ? 1 : 0,
        })),
      ),
    },
    {
      name: 'tuneloop_outbox_lag_seconds',
      help: 'Age of the oldest decision not yet in Postgres (0 when none).',
      type: 'gauge',
      samples: [...outbox]
        .sort((a, b) => a.taskType.localeCompare(b.taskType))
        .map((o) => ({
          labels: { task_type: o.taskType },
          value: o.oldestAgeMs === null ? 0 : (o.oldestAgeMs + Math.max(0, nowMs - o.reportedAtMs)) / 1000,
        })),
    },
    {
      name: 'tuneloop_budget_used_ratio',
      help: "Today's spent and reserved tokens over today's limit (absent without a budget).",
      type: 'gauge',
      samples: byName.flatMap((r) =>
        r.budgetUsedRatio === null ? [] : [{ labels: { task_type: r.taskType }, value: r.budgetUsedRatio }],
      ),
    },
  ];
  return `${families.map(renderFamily).join('\n')}\n`;
}

function renderFamily(f: Family): string {
  const lines = [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`];
  for (const s of f.samples) lines.push(`${f.name}{${renderLabels(s.labels)}} ${renderValue(s.value)}`);
  return lines.join('\n');
}

function renderLabels(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
}

/** The exposition format escapes backslash, double quote and line feed in label values. */
export function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function renderValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}
