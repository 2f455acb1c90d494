// npm start end to end: the real Worker in wrangler dev on the embedded stack. Slow
// (wrangler bundles and boots workerd), so one start serves every check.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort, isPortFree } from '../../scripts/stack/free-port.mjs';
import { devCommand } from '../browser/dev-server.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const workerExists = existsSync(join(repo, 'wrangler.toml')) && existsSync(join(repo, 'functions/index.ts'));

describe.skipIf(!workerExists)(
  'npm start (scripts/dev.mjs; needs wrangler.toml and functions/index.ts)',
  () => {
    /** @type {import('node:child_process').ChildProcess} */
    let dev;
    let output = '';
    /** @type {number} */
    let port;
    /** @type {string} */
    let workDir;
    const adminKey = 'tl_admin_stack_test';

    beforeAll(async () => {
      port = await getFreePort();
      workDir = await mkdtemp(join(tmpdir(), 'tuneloop-dev-'));
      dev = spawn(process.execPath, ...devCommand({ repo, workDir, port, adminKey }));
      dev.stdout?.on('data', (chunk) => (output += chunk));
      dev.stderr?.on('data', (chunk) => (output += chunk));
      await waitFor(() => output.includes('is ready at') || dev.exitCode !== null, 120_000);
      if (!output.includes('is ready at')) throw new Error(`npm start did not get ready:\n${output}`);
    }, 150_000);

    afterAll(async () => {
      if (dev && dev.exitCode === null) dev.kill('SIGKILL');
      await rm(workDir, { recursive: true, force: true });
    });

    it('prints the URL, the ops key, rate limiting off, and a curl that works', async () => {
      expect(output).toContain(`http://127.0.0.1:${port}`);
      expect(output).toContain(adminKey);
      expect(output).toMatch(/rate limiting: off \(REDIS_URL not set\)/);
      const curl = /curl -H "authorization: Bearer \$KEY" (\S+)/.exec(output);
      const res = await fetch(/** @type {string} */ (curl?.[1]), {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(res.status).toBe(200);
    });

    it('serves /health with Postgres configured', async () => {
      // Details only for an ops key (API.md second release); without one, up/degraded and the lag.
      const body = await (
        await fetch(`http://127.0.0.1:${port}/health`, { headers: { authorization: `Bearer ${adminKey}` } })
      ).json();
      expect(body).toMatchObject({ status: 'ok', postgres: 'configured', rateLimiting: 'off' });
    });

    it('stops wrangler and every workerd it started on SIGTERM', async () => {
      dev.kill('SIGTERM');
      await waitFor(() => dev.exitCode !== null, 20_000);
      expect(dev.exitCode).not.toBeNull();
      expect(await isPortFree(port)).toBe(true);
      // Nothing left whose command line carries our port (wrangler and workerd both do).
      const leftovers = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => /wrangler|workerd/.test(line))
        .filter((line) => line.includes(`127.0.0.1:${port}`) || line.includes(`--port ${port} `));
      expect(leftovers).toEqual([]);
    }, 30_000);
  },
);

async function waitFor(/** @type {() => boolean} */ predicate, /** @type {number} */ timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}
