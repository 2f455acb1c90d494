/**
 * Writes a seeded synthetic JSON Lines log for the `ope` benchmarks: contexts with every
 * feature kind (number, boolean, string, tag list), a softmax logging policy over four arms
 * with exact propensities, rewards in [0, 1], and optionally `expectedRewards`.
 * Usage: tsx bench/ope-generate.ts <out.jsonl> <rows> [--no-expected] [--seed s]
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { seededRng } from '../src/common/seeded-rng';

const ARMS = ['base', 'cool', 'warm', 'terse'];
const LANGS = ['ts', 'py', 'go', 'rs', 'sql'];
const TAGS = ['diff', 'test', 'docs', 'infra'];

export async function generate(path: string, rows: number, withExpected: boolean, seed: string | number = 1) {
  const rng = seededRng(`ope-bench:${seed}`);
  const out = createWriteStream(path);
  for (let i = 0; i < rows; i++) {
    const promptTokens = 50 + Math.floor(rng() * 2000);
    const riskTier = Math.floor(rng() * 4);
    const lang = LANGS[Math.floor(rng() * LANGS.length)]!;
    const tags = TAGS.filter(() => rng() < 0.3);
    const urgent = rng() < 0.2;
    // True expected reward per arm: a smooth function of the context.
    const truth = ARMS.map((_, k) => {
      const z =
        0.3 * (k - 1.5) * (riskTier - 1.5) +
        (promptTokens / 2000 - 0.5) * (k % 2 ? 1 : -1) +
        (urgent ? 0.2 * k - 0.3 : 0);
      return 1 / (1 + Math.exp(-z));
    });
    // Logging policy: softmax of 2·truth, floored so every arm keeps some exploration.
    const scores = truth.map((q) => Math.exp(2 * q));
    const total = scores.reduce((a, b) => a + b, 0);
    const probabilities = scores.map((s) => 0.05 + 0.8 * (s / total));
    let u = rng();
    let arm = 0;
    while (arm < ARMS.length - 1 && u >= probabilities[arm]!) u -= probabilities[arm++]!;
    const reward = rng() < 0.02 ? null : Math.min(1, Math.max(0, truth[arm]! + (rng() - 0.5) * 0.4));
    const line: Record<string, unknown> = {
      decisionId: `bench-${i}`,
      taskType: 'code-review',
      timestamp: '2026-11-23T10:00:00.000Z',
      context: { promptTokens, riskTier, lang, tags, urgent },
      armId: ARMS[arm],
      propensity: probabilities[arm],
      reward,
      served: 'policy',
      phase: 'general',
      policyVersion: 'bench',
    };
    if (withExpected)
      line.expectedRewards = Object.fromEntries(ARMS.map((a, k) => [a, truth[k]! + (rng() - 0.5) * 0.1]));
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows] = process.argv.slice(2);
  if (!path || !rows) throw new Error('usage: tsx bench/ope-generate.ts <out.jsonl> <rows> [--no-expected]');
  const seedAt = process.argv.indexOf('--seed');
  await generate(
    path,
    Number(rows),
    !process.argv.includes('--no-expected'),
    seedAt > 0 ? process.argv[seedAt + 1]! : 1,
  );
}
