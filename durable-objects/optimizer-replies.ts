import type { RecommendResponse } from '../src/contract/recommend';
import type { rolloutActionStep } from '../src/optimizer/rollout-action-step';
import type { AuditEventRecord } from '../src/storage/audit-events';

export type RecommendReply = { ok: true; response: RecommendResponse } | { ok: false; reason: 'not_found' };

/** What the edge knows that the object does not: the deployment-wide kill switch. */
export interface ServingFlags {
  killSwitch: boolean;
}

export type RolloutReply =
  | ({ ok: true; event: Pick<AuditEventRecord, 'eventId' | 'seq' | 'kind' | 'hash'> } & Extract<
      ReturnType<typeof rolloutActionStep>['reply'],
      { ok: true }
    >)
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'refused'; message: string; phase: string };
