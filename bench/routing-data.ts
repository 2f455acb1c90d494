/**
 * The MMLU routing fixture (test/fixtures/routing/README.md) as replayable traffic, and the
 * measures of DESIGN §11: reward per question, gain captured over the best fixed arm relative to
 * the per-subject hindsight oracle, cost saved and accuracy kept against always-GPT-4.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Rng, randomInt } from '../src/common/seeded-rng';
import type { ModelPrice } from '../src/contract/pricing';
import { tokenCostUsd } from '../src/cost/outcome-cost';
import { DEFAULT_REWARD_CONFIG, type RewardConfig, readyReward } from '../src/reward';

export const ARMS = ['gpt4', 'mixtral'] as const;
export type ArmId = (typeof ARMS)[number];
export const BASELINE: ArmId = 'gpt4';

/** The README's prices, USD per million tokens, keyed by arm. */
export const PRICES: Record<ArmId, ModelPrice> = {
  gpt4: { inputUsdPerMTok: 10, outputUsdPerMTok: 30 },
  mixtral: { inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.6 },
};
export const MODELS: Record<ArmId, string> = { gpt4: 'gpt-4-1106-preview', mixtral: 'mixtral-8x7b-instruct' };

/** reward = correct − cost / costRefUsd: a correct answer is worth costRefUsd. */
export function routingReward(costRefUsd: number): RewardConfig {
  return { ...DEFAULT_REWARD_CONFIG, weights: { quality: 1, latency: 0, tokens: 0, cost: 1 }, costRefUsd };
}

/** $0.01 per correct answer: reward = correct − cost / 0.01 (README, DESIGN §11). */
export const ROUTING_REWARD: RewardConfig = routingReward(0.01);

/** How a data set is scored: each arm's price and the reward (the fixture's README by default). */
export interface Scoring {
  prices: Record<ArmId, ModelPrice>;
  reward: RewardConfig;
}
export const DEFAULT_SCORING: Scoring = { prices: PRICES, reward: ROUTING_REWARD };

export interface ArmOutcome {
  quality: number;
  costUsd: number;
  reward: number;
  promptTokens: number;
  completionTokens: number;
}

export interface Question {
  subject: string;
  id: string;
  outcomes: Record<ArmId, ArmOutcome>;
}

interface Line {
  subject: string;
  id: string;
  promptTokens: number;
  outcomes: Record<ArmId, { correct: boolean; completionTokens: number }>;
}

export const FIXTURE = fileURLToPath(new URL('../test/fixtures/routing/mmlu.jsonl', import.meta.url));

/**
 * Every question with both arms' outcome scored by the task type's own reward code. `path`: a
 * JSONL file in the fixture's format (test/fixtures/routing/README.md); a malformed line throws
 * naming its line number.
 */
export function loadQuestions(path = FIXTURE, scoring: Scoring = DEFAULT_SCORING): Question[] {
  const { prices, reward } = scoring;
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l, i) => ({ l, lineNo: i + 1 }))
    .filter(({ l }) => l.trim() !== '')
    .map(({ l, lineNo }) => {
      const line = JSON.parse(l) as Line;
      const bad = checkLine(line);
      if (bad) throw new Error(`${path}:${lineNo}: ${bad}`);
      const outcome = (arm: ArmId): ArmOutcome => {
        const { correct, completionTokens } = line.outcomes[arm];
        const fields = { quality: correct ? 1 : 0, promptTokens: line.promptTokens, completionTokens };
        return {
          ...fields,
          costUsd: tokenCostUsd(prices[arm], line.promptTokens, completionTokens),
          reward: readyReward(fields, reward, prices[arm])!,
        };
      };
      return {
        subject: line.subject,
        id: line.id,
        outcomes: { gpt4: outcome('gpt4'), mixtral: outcome('mixtral') },
      };
    });
}

/** What is wrong with a line of a routing data file, or null. */
function checkLine(line: Partial<Line>): string | null {
  if (typeof line.subject !== 'string' || line.subject === '') return 'subject must be a non-empty string';
  if (typeof line.id !== 'string') return 'id must be a string';
  if (!(Number.isInteger(line.promptTokens) && line.promptTokens! >= 0))
    return 'promptTokens must be a non-negative integer';
  for (const arm of ARMS) {
    const o = line.outcomes?.[arm];
    if (
      !o ||
      typeof o.correct !== 'boolean' ||
      !(Number.isInteger(o.completionTokens) && o.completionTokens >= 0)
    )
      return `outcomes.${arm} must be { correct: boolean, completionTokens: integer ≥ 0 }`;
  }
  return null;
}

/** Fisher–Yates with the repository's seeded PRNG. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Splits each subject: the first `share` of a seeded shuffle is held out for warm start. */
export function holdOut(questions: readonly Question[], share: number, rng: Rng) {
  const held: Question[] = [];
  const live: Question[] = [];
  for (const subject of subjectsOf(questions)) {
    const own = shuffled(
      questions.filter((q) => q.subject === subject),
      rng,
    );
    const k = Math.round(own.length * share);
    held.push(...own.slice(0, k));
    live.push(...own.slice(k));
  }
  return { held, live };
}

/** 'even' or 'odd': every other subject (sorted), to choose settings on one half and check on the other. */
export function subjectsHalf(questions: Question[], half: 'even' | 'odd' | null): Question[] {
  if (!half) return questions;
  const kept = new Set(subjectsOf(questions).filter((_, i) => i % 2 === (half === 'even' ? 0 : 1)));
  return questions.filter((q) => kept.has(q.subject));
}

export function subjectsOf(questions: readonly Question[]): string[] {
  return [...new Set(questions.map((q) => q.subject))].sort();
}

export interface ReplayMeasure {
  rewardPerQuestion: number;
  bestFixed: number;
  oracle: number;
  /** (R − R_best fixed) / (R_oracle − R_best fixed) */
  gainCaptured: number;
  /** 1 − cost / cost of always-GPT-4 */
  costSaved: number;
  /** accuracy / accuracy of always-GPT-4 */
  accuracyKept: number;
  /** share of questions served the baseline */
  baselineShare: number;
}

/** DESIGN §11's measures of one replay: which arm served each question of `questions`. */
export function measure(questions: readonly Question[], served: readonly ArmId[]): ReplayMeasure {
  const n = questions.length;
  const sum = (f: (q: Question, i: number) => number) => questions.reduce((s, q, i) => s + f(q, i), 0);
  const reward = sum((q, i) => q.outcomes[served[i]!].reward) / n;
  const fixed = ARMS.map((a) => sum((q) => q.outcomes[a].reward) / n);
  const bestFixed = Math.max(...fixed);
  let oracleSum = 0;
  for (const subject of subjectsOf(questions)) {
    const own = questions.filter((q) => q.subject === subject);
    oracleSum += Math.max(...ARMS.map((a) => own.reduce((s, q) => s + q.outcomes[a].reward, 0)));
  }
  const oracle = oracleSum / n;
  return {
    rewardPerQuestion: reward,
    bestFixed,
    oracle,
    // undefined (NaN) when the oracle gains nothing over the best fixed arm
    gainCaptured: oracle - bestFixed > 1e-12 ? (reward - bestFixed) / (oracle - bestFixed) : Number.NaN,
    costSaved: 1 - sum((q, i) => q.outcomes[served[i]!].costUsd) / sum((q) => q.outcomes.gpt4.costUsd),
    accuracyKept: sum((q, i) => q.outcomes[served[i]!].quality) / sum((q) => q.outcomes.gpt4.quality),
    baselineShare: served.filter((a) => a === BASELINE).length / n,
  };
}
