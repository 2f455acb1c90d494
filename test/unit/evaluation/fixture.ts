import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LoadedLog, LogBuilder } from '../../../src/evaluation/log-builder';

/** The OPE fixture (test/fixtures/ope): 1,000 rounds with the Open Bandit Pipeline's own estimates. */
export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/ope/', import.meta.url));
export const FIXTURE_LOG = `${FIXTURE_DIR}decisions.jsonl`;

export interface ExpectedInterval {
  value: number;
  low: number;
  high: number;
}
export interface ExpectedFixture {
  arms: string[];
  n: number;
  switchLambda: number;
  policies: Record<string, { groundTruth: number; estimates: Record<string, ExpectedInterval> }>;
}

export function loadExpected(): ExpectedFixture {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}expected.json`, 'utf8')) as ExpectedFixture;
}

/** Load JSON Lines text through the same builder the CLI uses; throws on a bad line. */
export function loadLines(text: string, arms?: readonly string[]): LoadedLog {
  const builder = new LogBuilder(arms);
  text.split('\n').forEach((line, i) => {
    const result = builder.addLine(line, i + 1);
    if (!result.ok) throw new Error(result.message);
  });
  return builder.finish();
}

export function loadFixtureLog(): LoadedLog {
  return loadLines(readFileSync(FIXTURE_LOG, 'utf8'));
}
