// The package as a user gets it: `npm pack` (which builds dist/ at prepack), unpacked into a
// scratch project with nothing of the repository's beside it but the registry packages it
// depends on. Its file list, its `ope` command on every Node on the PATH, the client imported
// from plain Node ESM, and its types resolved by a consumer's tsc (nodenext).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
/** @type {string} */
let scratch;
/** @type {string[]} */
let files;
/** @type {number} */
let tarballBytes;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tuneloop-pack-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )[0];
  files = packed.files.map((/** @type {{ path: string }} */ f) => f.path);
  tarballBytes = packed.size;
  // Unpacked where npm would put it; its dependencies and the SDK peers from the repo's own install.
  const modules = join(scratch, 'node_modules');
  mkdirSync(join(modules, 'tuneloop'), { recursive: true });
  execFileSync('tar', [
    '-xzf',
    join(scratch, packed.filename),
    '-C',
    join(modules, 'tuneloop'),
    '--strip-components=1',
  ]);
  for (const name of ['zod', 'openai', '@anthropic-ai/sdk', 'ai', '@types/node']) {
    mkdirSync(join(modules, name, '..'), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), join(modules, name), 'dir');
  }
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'consumer', type: 'module', private: true }),
  );
}, 150_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Every distinct Node on the PATH (the repo's Node 22 and, on most machines, the system's). */
function nodesOnPath() {
  const found = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const byVersion = new Map([[process.version, process.execPath]]);
  for (const path of found) {
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (version && !byVersion.has(version)) byVersion.set(version, path);
  }
  return [...byVersion.entries()];
}

/** The packed `ope` on the OPE fixture under `node`: its report, after checking it ran cleanly. */
function opeReport(node, ...args) {
  const ope = join(scratch, 'node_modules/tuneloop', manifest.bin.ope);
  const input = join(repo, 'test/fixtures/ope/decisions.jsonl');
  const run = spawnSync(node, [ope, '--input', input, ...args], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

describe('npm pack', () => {
  it('ships the built client, its adapters, ope and the licence, and no tests, sources or service internals', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'dist/src/client/index.js',
        'dist/src/client/index.d.ts',
        'dist/src/client/adapters/openai.js',
        'dist/src/client/adapters/anthropic.js',
        'dist/src/client/adapters/ai-sdk.js',
        'dist/bin/ope.js',
        'dist/bin/ope-worker.js',
      ]),
    );
    const outside = files.filter(
      (f) => !['LICENSE', 'README.md', 'package.json'].includes(f) && !f.startsWith('dist/'),
    );
    expect(outside).toEqual([]);
    const internals =
      /^dist\/(functions|durable-objects|drizzle|scripts|test|bench|public)\/|^dist\/src\/storage\//;
    expect(files.filter((f) => internals.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
    expect(tarballBytes).toBeLessThan(200_000);
  });

  it('states the licence and the Node it runs on, and needs no dependency but zod', () => {
    const shipped = JSON.parse(readFileSync(join(scratch, 'node_modules/tuneloop/package.json'), 'utf8'));
    expect(shipped.license).toBe('Apache-2.0');
    expect(shipped.private).toBeUndefined();
    expect(shipped.engines.node).toBe('>=20');
    expect(Object.keys(shipped.dependencies)).toEqual(['zod']);
    expect(readFileSync(join(scratch, 'node_modules/tuneloop/LICENSE'), 'utf8')).toContain(
      'Apache License\n                           Version 2.0, January 2004',
    );
  });

  it.each(nodesOnPath())(
    'ope runs as built JavaScript on Node %s, on the OPE fixture',
    (_version, node) => {
      const ope = join(scratch, 'node_modules/tuneloop', manifest.bin.ope);
      const help = spawnSync(node, [ope, '--help'], { encoding: 'utf8' });
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/^Usage: ope --input/);
      const report = opeReport(node, '--policy', 'arm:a1', '--bootstrap', '50', '--threads', '2');
      // OBP's own SNIPS estimate of arm:a1 on this fixture (test/fixtures/ope/expected.json).
      const expected = JSON.parse(readFileSync(join(repo, 'test/fixtures/ope/expected.json'), 'utf8'));
      expect(report.n).toBe(1000);
      expect(report.policies[0].estimates.snips.value).toBeCloseTo(
        expected.policies['arm:a1'].estimates.snips.value,
        12,
      );
    },
    60_000,
  );

  it('ope evaluates a policy snapshot (--policy snapshot:FILE) as built JavaScript', () => {
    const snapshotFile = join(repo, 'test/fixtures/ope/policy-snapshot.json');
    const report = opeReport(process.execPath, '--policy', `snapshot:${snapshotFile}`, '--bootstrap', '20');
    expect(report).toMatchObject({ n: 1000, arms: ['a0', 'a1', 'a2', 'a3'], rewardModel: 'supplied' });
    // Independent of src/: the snapshot is LinUCB (α from its config) over x = (1, x0, 0, x1, 0, x2, 0)
    // (each numeric feature with its "missing" indicator), ε-floored, no confidence gate. Its DM
    // value on supplied q̂ is the mean over rows of Σ_a π(a|x)·q̂(x, a).
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    const { epsilon } = snapshot.exploration;
    expect(snapshot.exploration.minConfidence).toBe(0);
    const alpha = snapshot.config.policy.alpha;
    const d = snapshot.linear.dimension;
    const rows = readFileSync(join(repo, 'test/fixtures/ope/decisions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    let dm = 0;
    for (const row of rows) {
      const x = [1, row.context.x0, 0, row.context.x1, 0, row.context.x2, 0];
      const scores = snapshot.linear.arms.map((/** @type {any} */ arm) => {
        const aInvX = x.map((_, i) => x.reduce((sum, xj, j) => sum + arm.aInverse[i * d + j] * xj, 0));
        const theta = x.map((_, i) => arm.b.reduce((sum, bj, j) => sum + arm.aInverse[i * d + j] * bj, 0));
        const mean = theta.reduce((sum, t, i) => sum + t * x[i], 0);
        return mean + alpha * Math.sqrt(aInvX.reduce((sum, v, i) => sum + v * x[i], 0));
      });
      const best = scores.indexOf(Math.max(...scores));
      const arms = ['a0', 'a1', 'a2', 'a3'];
      dm += arms.reduce(
        (sum, a, k) => sum + ((k === best ? 1 - epsilon : 0) + epsilon / 4) * row.expectedRewards[a],
        0,
      );
    }
    dm /= rows.length;
    expect(Math.abs(report.policies[0].estimates.dm.value - dm)).toBeLessThan(1e-10);
  }, 60_000);

  it('imports from plain Node ESM by the package name, the client and each adapter', () => {
    const script = `
      const client = await import('tuneloop/client');
      const openai = await import('tuneloop/client/openai');
      const anthropic = await import('tuneloop/client/anthropic');
      const aiSdk = await import('tuneloop/client/ai-sdk');
      const c = new client.TuneloopClient({ baseUrl: 'http://127.0.0.1:1/', apiKey: 'k' });
      console.log(JSON.stringify([c.baseUrl, typeof client.runTuned, typeof openai.tunedOpenAI,
        typeof anthropic.tunedAnthropic, typeof aiSdk.tunedAiSdk]));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: scratch,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      'http://127.0.0.1:1',
      'function',
      'function',
      'function',
      'function',
    ]);
  });

  it('gives a consumer’s tsc (nodenext) real types, not any', () => {
    writeFileSync(
      join(scratch, 'consumer.ts'),
      `import { TuneloopClient, type Tuned } from 'tuneloop/client';
import { tunedOpenAI } from 'tuneloop/client/openai';
import { tunedAnthropic } from 'tuneloop/client/anthropic';
import { tunedAiSdk } from 'tuneloop/client/ai-sdk';
const client = new TuneloopClient({ baseUrl: 'http://x', apiKey: 'k' });
// @ts-expect-error baseUrl is a string
const wrong: number = client.baseUrl;
export const kinds = [typeof tunedOpenAI, typeof tunedAnthropic, typeof tunedAiSdk, wrong];
export type T = Tuned<string>;
`,
    );
    const tsc = spawnSync(
      process.execPath,
      [
        join(repo, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--types',
        'node',
        '--skipLibCheck',
        'consumer.ts',
      ],
      { cwd: scratch, encoding: 'utf8' },
    );
    expect(tsc.stdout).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
