// Runs `wrangler dev` as a child in its own process group. Why a group: wrangler starts
// workerd (and helpers) as children of its own; killing only wrangler can leave workerd
// holding the port. Signalling the group (-pid) stops them all.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WRANGLER = fileURLToPath(new URL('../../node_modules/.bin/wrangler', import.meta.url));

/**
 * @typedef {object} WranglerProcess
 * @property {number} pid also the process group id
 * @property {Promise<{ code: number | null, signal: string | null }>} exited
 * @property {(graceMs?: number) => Promise<void>} stop SIGTERM to the group, SIGKILL after graceMs
 */

/**
 * Starts `wrangler dev` on 127.0.0.1:port with the given vars as `--var KEY:VALUE`.
 * @param {{ port: number, vars: Record<string, string>, extraArgs?: string[], cwd?: string }} options
 * @returns {WranglerProcess}
 */
export function spawnWrangler({ port, vars, extraArgs = [], cwd }) {
  const args = [
    WRANGLER,
    'dev',
    '--test-scheduled',
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    // Its hotkeys read the terminal, which belongs to our process group, not its own.
    '--show-interactive-dev-session=false',
    // wrangler splits each --var on the first ':' only, so URLs survive as values.
    ...Object.entries(vars).flatMap(([key, value]) => ['--var', `${key}:${value}`]),
    ...extraArgs,
  ];
  // The Node running us (22, from node_modules) runs wrangler too, whatever PATH says.
  const child = spawn(process.execPath, args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    // No metrics, and no fetch of the Request.cf placeholder from the internet (it fails
    // offline after a 3 s timeout and prints a stack trace).
    env: { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', ...process.env },
  });
  const pid = /** @type {number} */ (child.pid);
  /** @type {Promise<{ code: number | null, signal: string | null }>} */
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let running = true;
  exited.then(() => {
    running = false;
  });
  // Last resort if we exit without stop(): never leave workerd behind.
  const killOnExit = () => signalGroup(pid, 'SIGKILL');
  process.once('exit', killOnExit);

  return {
    pid,
    exited,
    async stop(graceMs = 5000) {
      process.off('exit', killOnExit);
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      if (running) await exited;
      clearTimeout(timer);
      // wrangler may be gone while workerd lingers in the group.
      signalGroup(pid, 'SIGKILL');
    },
  };
}

/** Signals every process in the group; a group that no longer exists is fine. */
function signalGroup(/** @type {number} */ pid, /** @type {NodeJS.Signals} */ signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone
  }
}

/**
 * Polls `url` until it answers 200, the process exits, or timeoutMs passes.
 * @param {string} url
 * @param {{ exited: Promise<unknown>, timeoutMs?: number }} options
 * @returns {Promise<'ready' | 'exited' | 'timeout'>}
 */
export async function waitForHealthy(url, { exited, timeoutMs = 90_000 }) {
  let gone = false;
  exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) return 'exited';
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.body?.cancel();
      if (res.ok) return 'ready';
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return 'timeout';
}
