// The service as `npm start` runs it (scripts/dev.mjs: the stack plus wrangler dev), on a free
// port with private state, in its own process group so a bench can stop all of it at once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { getFreePort } from '../scripts/stack/free-port.mjs';

async function waitForHealth(base, timeoutMs, exited) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`service at ${base} did not come up`);
}

/**
 * Starts `scripts/dev.mjs` and waits for /health. Durable Objects and the embedded Postgres live
 * in a fresh temporary folder, so a bench leaves no task types behind.
 * @param {{ adminKey: string, env?: Record<string, string>, stdout?: 'ignore' | 'inherit' }} options
 * @returns {Promise<{ base: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startService({ adminKey, env = {}, stdout = 'ignore' }) {
  const port = await getFreePort();
  const base = `http://127.0.0.1:${port}`;
  const stateDir = mkdtempSync(join(os.tmpdir(), 'tuneloop-bench-'));
  const service = spawn(process.execPath, ['scripts/dev.mjs', '--persist-to', join(stateDir, 'wrangler')], {
    env: {
      ...process.env,
      PORT: String(port),
      TUNELOOP_ADMIN_KEY: adminKey,
      TUNELOOP_DATA_DIR: join(stateDir, 'pglite'),
      ...env,
    },
    stdio: ['ignore', stdout, 'inherit'],
    detached: true,
  });
  const pid = /** @type {number} */ (service.pid);
  let gone = false;
  service.once('exit', () => {
    gone = true;
  });
  const signal = () => {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {}
  };
  process.on('exit', signal);
  const stop = async () => {
    signal();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(base, 120_000, () => gone);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, pid, stop };
}
