import { alertMessage, alertSeverity } from '../src/storage/alert-message';
import { ALERT_SIGNATURE_HEADER, alertSignature } from '../src/storage/alert-signature';
import type { AuditEventRecord } from '../src/storage/audit-events';
import { retryDelayMs } from '../src/storage/retry-backoff';

/**
 * Alerts waiting for the webhook, delivered at least once: kept in the object's storage until
 * the webhook answers 2xx, retried with backoff otherwise.
 */
/** Created with the task type's other tables at its first PUT (durable-objects/sqlite-schema.ts). */
export const ALERTS_TABLE = `CREATE TABLE IF NOT EXISTS alerts (
  event_id TEXT PRIMARY KEY, body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  next_at_ms INTEGER NOT NULL, last_error TEXT)`;

export class AlertQueue {
  constructor(private readonly sql: SqlStorage) {}

  /** Queues the event when its kind alerts; true when queued. */
  enqueue(event: AuditEventRecord, nowMs: number): boolean {
    const severity = alertSeverity(event.kind);
    if (!severity) return false;
    this.sql.exec(
      'INSERT OR IGNORE INTO alerts (event_id, body, next_at_ms) VALUES (?, ?, ?)',
      event.eventId,
      JSON.stringify(alertMessage(event, severity)),
      nowMs,
    );
    return true;
  }

  pending(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM alerts').one().n;
  }

  /** Posts every due alert (signed when `secret` is set); failures stay queued with a later attempt time. */
  async deliver(webhookUrl: string, nowMs: number, secret?: string): Promise<void> {
    const due = this.sql
      .exec<{ event_id: string; body: string; attempts: number }>(
        'SELECT event_id, body, attempts FROM alerts WHERE next_at_ms <= ? LIMIT 50',
        nowMs,
      )
      .toArray();
    for (const alert of due) {
      const error = await postAlert(webhookUrl, alert.body, secret);
      if (error === null) {
        this.sql.exec('DELETE FROM alerts WHERE event_id = ?', alert.event_id);
        continue;
      }
      const attempts = alert.attempts + 1;
      this.sql.exec(
        'UPDATE alerts SET attempts = ?, next_at_ms = ?, last_error = ? WHERE event_id = ?',
        attempts,
        Date.now() + retryDelayMs(attempts, Math.random()),
        error,
        alert.event_id,
      );
    }
  }

  /** When the next queued alert is due (Unix ms), or null. */
  nextDueMs(): number | null {
    return this.sql.exec<{ at: number | null }>('SELECT MIN(next_at_ms) AS at FROM alerts').one().at;
  }
}

/** Posts one alert; the error to keep, or null when the webhook took it. */
async function postAlert(webhookUrl: string, body: string, secret?: string): Promise<string | null> {
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // Signed at each attempt: a retry carries a fresh timestamp, so receivers may bound the age.
    if (secret)
      headers[ALERT_SIGNATURE_HEADER] = await alertSignature(secret, body, Math.floor(Date.now() / 1000));
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers,
      body,
      // A slow webhook must not hold up the outbox flush that shares the alarm.
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.ok ? null : `webhook answered ${res.status}`;
  } catch (e) {
    return String(e);
  }
}
