import type { RecommendResponse } from '../src/contract/recommend';
import type { RolloutKeeper } from './rollout-keeper';

/** The latest offline evaluation's figure that promotion reads. */
export interface LatestEvaluation {
  reportId: string;
  /** Unix ms */
  createdAtMs: number;
  n: number;
  /** version of the phase-start snapshot it evaluated */
  policyVersion: string;
  /** lower bound of (phase-start snapshot − baseline); null when the log cannot support it */
  gateLowerBound: number | null;
}

export type RecommendReply = { ok: true; response: RecommendResponse } | { ok: false; reason: 'not_found' };

/** What the edge knows that the object does not: the deployment-wide kill switch. */
export interface ServingFlags {
  killSwitch: boolean;
}

/** Enough of an audit event to find it in …/audit. */
export interface AuditEventRef {
  eventId: string;
  seq: number;
  kind: string;
  hash: string;
}

export type { RolloutAction } from '../src/contract/rollout';

export type RolloutReply =
  | { ok: true; rollout: ReturnType<RolloutKeeper['describe']>; event: AuditEventRef }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'refused'; message: string; phase: string };
