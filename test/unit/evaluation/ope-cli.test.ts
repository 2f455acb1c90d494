import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ESTIMATOR_NAMES } from '../../../src/evaluation/types';
import { FIXTURE_LOG, loadExpected } from './fixture';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The CLI as a user runs it (`tsx bin/ope.ts`), in its own process. */
function ope(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/ope.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The CLI's JSON report, after checking it exited 0. */
function opeReport(...args: string[]) {
  const run = ope(...args);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

const tmp = mkdtempSync(join(tmpdir(), 'ope-cli-'));
const fixtureLines = readFileSync(FIXTURE_LOG, 'utf8').trimEnd().split('\n');
const write = (name: string, lines: string[]) => {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

// Each test starts the CLI through tsx (seconds on a loaded machine): a generous timeout, not a speed check.
describe('ope CLI', { timeout: 60_000 }, () => {
  // Expected: the Open Bandit Pipeline's estimates on the fixture (expected.json).
  it("prints OBP's point estimates for the fixture, with intervals around them", () => {
    const expected = loadExpected();
    const policies = ['--policy', 'uniform', '--policy', 'arm:a2'];
    const report = opeReport('--input', FIXTURE_LOG, ...policies, '--bootstrap', '200');
    expect(report).toMatchObject({
      n: 1000,
      missingRewards: 0,
      arms: ['a0', 'a1', 'a2', 'a3'],
      rewardModel: 'supplied',
    });
    expect(report.policies.map((p: { policy: string }) => p.policy)).toEqual(['uniform', 'arm:a2']);
    for (const policy of report.policies) {
      for (const name of ESTIMATOR_NAMES) {
        const got = policy.estimates[name];
        const want = expected.policies[policy.policy]!.estimates[name]!.value;
        expect(Math.abs(got.value - want) / want).toBeLessThan(1e-12);
        expect(got.low).toBeLessThan(got.value);
        expect(got.high).toBeGreaterThan(got.value);
      }
      expect(policy.diagnostics).toMatchObject({
        n: 1000,
        missingRewards: 0,
        unsupportedMass: 0,
        verdict: null,
      });
    }
  });

  it('gives the same numbers on two threads as on one', () => {
    const one = ope('--input', FIXTURE_LOG, '--policy', 'arm:a1', '--bootstrap', '50', '--threads', '1');
    const two = ope('--input', FIXTURE_LOG, '--policy', 'arm:a1', '--bootstrap', '50', '--threads', '2');
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('fits a reward model when expectedRewards are missing and counts null rewards', () => {
    const lines = fixtureLines.map((text, i) => {
      const row = JSON.parse(text);
      delete row.expectedRewards;
      if (i % 10 === 0) row.reward = null;
      return JSON.stringify(row);
    });
    const input = write('fitted.jsonl', lines);
    const report = opeReport('--input', input, '--policy', 'uniform', '--bootstrap', '50', '--poisson');
    expect(report).toMatchObject({
      n: 900,
      missingRewards: 100,
      rewardModel: 'fitted',
      bootstrap: { method: 'poisson' },
    });
    // The uniform policy's in-sample truth is 0.518 (expected.json); a linear q̂ on a
    // logistic world is rough, but DR stays within its interval's reach of it.
    expect(Math.abs(report.policies[0].estimates.dr.value - 0.518)).toBeLessThan(0.06);
  });

  it('exits 2 naming the line of a malformed line, printing nothing to stdout', () => {
    const lines = [...fixtureLines.slice(0, 41), '{"decisionId": "broken"', ...fixtureLines.slice(41)];
    const run = ope('--input', write('malformed.jsonl', lines), '--policy', 'uniform');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/line 42: not valid JSON/);
  });

  it('exits 2 on a line whose arm is not among --arms', () => {
    const run = ope('--input', FIXTURE_LOG, '--arms', 'a0,a1,a2', '--policy', 'uniform');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/line \d+: armId "a3" is not among the arms/);
  });

  it('exits 2 on a policy for an unknown arm', () => {
    const run = ope('--input', FIXTURE_LOG, '--policy', 'arm:nope');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/arm "nope" is not among the arms/);
  });

  it('documents the Switch-DR default in --help', () => {
    const run = ope('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /--switch-lambda <l>\s+Switch-DR threshold on importance weights \(default 100\)/,
    );
  });
});
