import type { AuditEventRecord } from './audit-events';

/** Audit events that page someone, and those that only warn (issue "rollout": alerts). */
const SEVERITY: Record<string, 'critical' | 'warning'> = {
  'rollout-breach': 'critical',
  'rollout-drift': 'critical',
  'budget-exhausted': 'critical',
  'outbox-stuck': 'critical',
  'budget-warning': 'warning',
  'low-confidence': 'warning',
};

export function alertSeverity(kind: string): 'critical' | 'warning' | null {
  return SEVERITY[kind] ?? null;
}

/** A Slack-compatible message (`text`) with the fields a receiver needs to drop repeats (`eventId`). */
export function alertMessage(event: AuditEventRecord, severity: 'critical' | 'warning') {
  return {
    text: `[tuneloop ${severity}] ${event.taskType}: ${event.kind}${event.reason ? ` — ${event.reason}` : ''}`,
    eventId: event.eventId,
    severity,
    taskType: event.taskType,
    kind: event.kind,
    reason: event.reason,
    at: new Date(event.atMs).toISOString(),
    details: event.details,
  };
}
