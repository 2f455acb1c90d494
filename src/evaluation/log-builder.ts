import { type Context, DecisionLogLine } from '../contract/decision-log';
import { GrowableFloat64, GrowableInt32, Interner } from './growable';
import { SparseFeatureBuilder, type SparseFeatures } from './sparse-features';
import type { ArmMatrix, LoggedRounds } from './types';

/** A whole log, columnar: the rows used plus what the reward model and report need. */
export interface LoadedLog extends LoggedRounds {
  /** Lines with `reward: null`, left out of every estimate. */
  readonly missingRewards: number;
  readonly features: SparseFeatures;
  /** Supplied q̂ when every row used has `expectedRewards` for every arm, else null. */
  readonly suppliedExpectedRewards: ArmMatrix | null;
  /** Each used row's context, when the builder was asked to keep them (a learned policy reads them). */
  readonly contexts?: readonly Context[];
}

export type LineResult = { ok: true } | { ok: false; message: string };

/**
 * Accumulates JSON Lines decisions into typed columns, one line at a time, so callers can
 * stream a file of any length. Pure: the caller owns the I/O and the line numbering.
 */
export class LogBuilder {
  /** every armId seen, in first-seen order (the rows' action numbers until `finish`) */
  private readonly seenArms = new Interner();
  private readonly action = new GrowableInt32();
  private readonly propensity = new GrowableFloat64();
  private readonly reward = new GrowableFloat64();
  private readonly features = new SparseFeatureBuilder();
  /** the arms named in `expectedRewards`, which need not be arms of the log */
  private readonly qKeys = new Interner();
  private readonly qRowStart = new GrowableInt32();
  private readonly qKey = new GrowableInt32();
  private readonly qValue = new GrowableFloat64();
  private missingRewards = 0;
  private readonly contexts: Context[] | null;

  /**
   * @param fixedArms the `--arms` list; when given, any other `armId` is an error.
   * @param keepContexts keep each used row's context (memory grows with the log: only for a learned policy)
   */
  constructor(
    private readonly fixedArms?: readonly string[],
    { keepContexts = false } = {},
  ) {
    this.qRowStart.push(0);
    this.contexts = keepContexts ? [] : null;
  }

  /** Parse and keep one line; `lineNumber` is 1-based and only used in messages. */
  addLine(text: string, lineNumber: number): LineResult {
    // Blank lines carry no decision (editors add them at the end of files); skip, not fail.
    if (text.trim() === '') return { ok: true };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { ok: false, message: `line ${lineNumber}: not valid JSON (${(error as Error).message})` };
    }
    const parsed = DecisionLogLine.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return { ok: false, message: `line ${lineNumber}: ${where}${issue.message}` };
    }
    return this.addDecision(parsed.data, lineNumber);
  }

  /** Keep one decision already parsed (the cron reads them from Postgres, not from text). */
  addDecision(line: DecisionLogLine, lineNumber: number): LineResult {
    if (this.fixedArms && !this.fixedArms.includes(line.armId)) {
      return { ok: false, message: `line ${lineNumber}: armId "${line.armId}" is not among the arms` };
    }
    // Register the arm before the reward check: default arms are every armId in the file.
    const arm = this.seenArms.indexOf(line.armId);
    if (line.reward === null) {
      this.missingRewards++;
      return { ok: true };
    }
    this.action.push(arm);
    this.propensity.push(line.propensity);
    this.reward.push(line.reward);
    this.features.addRow(line.context);
    this.contexts?.push(line.context);
    for (const [key, value] of Object.entries(line.expectedRewards ?? {})) {
      this.qKey.push(this.qKeys.indexOf(key));
      this.qValue.push(value);
    }
    this.qRowStart.push(this.qKey.length);
    return { ok: true };
  }

  finish(): LoadedLog {
    const arms = this.fixedArms ? [...this.fixedArms] : [...this.seenArms.values].sort();
    const toArm = this.seenArms.values.map((id) => arms.indexOf(id));
    const action = this.action.toArray();
    for (let i = 0; i < action.length; i++) action[i] = toArm[action[i]!]!;
    return {
      arms,
      n: action.length,
      action,
      propensity: this.propensity.toArray(),
      reward: this.reward.toArray(),
      missingRewards: this.missingRewards,
      features: this.features.finish(),
      suppliedExpectedRewards: this.denseExpectedRewards(arms, action.length),
      ...(this.contexts ? { contexts: this.contexts } : {}),
    };
  }

  /** q̂ as an `n × K` matrix, or null unless every row names every arm. */
  private denseExpectedRewards(arms: readonly string[], n: number): ArmMatrix | null {
    const armCount = arms.length;
    const toArm = this.qKeys.values.map((key) => arms.indexOf(key));
    const matrix = new Float64Array(n * armCount).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      for (let j = this.qRowStart.get(i); j < this.qRowStart.get(i + 1); j++) {
        const k = toArm[this.qKey.get(j)]!;
        if (k >= 0) matrix[i * armCount + k] = this.qValue.get(j);
      }
    }
    for (let j = 0; j < matrix.length; j++) if (Number.isNaN(matrix[j]!)) return null;
    return n > 0 ? matrix : null;
  }
}
