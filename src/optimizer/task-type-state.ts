import type { CostDay } from '../cost/cost-day';
import type { BudgetLedger, Waiver } from '../guards/token-budget';
import type { AnytimeGuardState, AnytimeJudgment } from '../rollout/anytime-guard';
import type { DriftResult } from '../rollout/drift';
import type { DriftReference, FeatureSample } from '../rollout/drift-reference';
import type { RolloutState } from '../rollout/phase-machine';
import type { SloWindow } from '../rollout/slo-window';
import type { AuditDraft } from '../storage/audit-chain-record';
import type { DecisionRecord } from '../storage/decision-records';
import { type PolicyState, policyVersion } from './policy-state';
import type { DrawCache } from './posterior-draws';
import type { PromotionEvidence } from './promotion-evidence';
import type { PendingDecision } from './record-outcome';

/** The latest offline (bootstrap) evaluation's figure: for display; promotion reads `promotionEvidence`. */
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

/** The policy as it was when a phase (or a config) began: promotion judges this snapshot. */
export interface PhaseSnapshot {
  /** Unix ms */
  startedAtMs: number;
  state: PolicyState;
}

/**
 * The contexts drift is judged on: the reference (quantile bins and frequencies of the contexts
 * the policy was promoted on, or of the present at a resume) and a ring of recent contexts.
 */
export interface DriftWindows {
  reference: DriftReference | null;
  recent: FeatureSample;
}

/** Today's spend and the waivers granted; live reservations are an index over the decisions. */
export interface BudgetBook {
  ledger: BudgetLedger;
  waivers: Waiver[];
}

/**
 * Everything one task type's object knows, each piece in exactly one place: the rollout
 * phase lives in `rollout` only. Steps never change a state in place; they return the next.
 */
export interface TaskTypeState {
  policy: PolicyState;
  rollout: RolloutState;
  /** the anytime guard's statistics since the phase start or the last resume */
  guard: AnytimeGuardState;
  sloWindow: SloWindow;
  drift: DriftWindows;
  budget: BudgetBook;
  /** undeclared context keys seen, with counts */
  unknownFeatures: Record<string, number>;
  /** the hourly bootstrap evaluation: shown, no longer read by promotion */
  latestEvaluation: LatestEvaluation | null;
  /** the anytime off-policy evidence promotion reads, since the phase start or the last resume */
  promotionEvidence: PromotionEvidence;
  phaseSnapshot: PhaseSnapshot | null;
  /** what the calls recorded on the current UTC day cost (absent until the first cost) */
  costToday?: CostDay;
  /** warm-start sources already applied: the same source again is a 409 */
  warmStartSources?: string[];
  /** Memory only (lost on restart, harmlessly): */
  memory: {
    /** requests in a row whose chosen arm had P(best) below the warning level */
    lowConfidenceStreak: number;
    draws: DrawCache | null;
    /** the SLO guard's latest judgment and the latest sweep's drift check, for the status */
    lastJudgment: AnytimeJudgment | null;
    lastDrift: DriftResult | null;
  };
}

/** A token reservation: recommend reserves the arm's max tokens until the outcome or the TTL. */
export interface Reservation {
  tokens: number;
  /** Unix ms */
  expiresAtMs: number;
}

/** What a step asks the object to do besides keeping its next state. */
export type Effect =
  | { kind: 'audit'; event: AuditDraft }
  | {
      kind: 'log-decision';
      record: DecisionRecord;
      expiresAtMs: number;
      reservation: Reservation;
      encoded: Float64Array | null;
      configVersion: number;
    }
  /** `before`: the decision as stored before this part (the time series counts only what it adds) */
  | { kind: 'log-outcome'; decision: PendingDecision; before: PendingDecision }
  | { kind: 'settle-reservation'; decisionId: string }
  | { kind: 'clear-reservations' }
  | { kind: 'flush-outbox' }
  | { kind: 'register-task-type'; taskType: string };

/** One request's result: what to answer, the state after it, and what to do about it. */
export interface Step<Reply, State = TaskTypeState> {
  reply: Reply;
  next: State;
  effects: Effect[];
}

/** Fresh randomness the shell supplies (crypto in the object, a fixed sequence in tests). */
export interface RandomSource {
  uuid(): string;
}

/** An audit event of this state, stamped with its config and policy versions. */
export function audit(
  state: TaskTypeState,
  draft: Omit<AuditDraft, 'configVersion' | 'policyVersion'>,
): Effect {
  return {
    kind: 'audit',
    event: {
      ...draft,
      configVersion: state.policy.configVersion,
      policyVersion: policyVersion(state.policy),
    },
  };
}

export const EMPTY_MEMORY: TaskTypeState['memory'] = {
  lowConfidenceStreak: 0,
  draws: null,
  lastJudgment: null,
  lastDrift: null,
};
