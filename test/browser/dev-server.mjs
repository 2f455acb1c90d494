// Starts `npm start` (scripts/dev.mjs) on a free port with private state, for the browser tests.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { getFreePort } from '../../scripts/stack/free-port.mjs';

/** wrangler needs Node 22: the one running vitest under `npm test`, else the npm-installed one. */
function node22(repo) {
  return Number(process.versions.node.split('.')[0]) >= 22
    ? process.execPath
    : join(repo, 'node_modules/.bin/node');
}

/**
 * `npm start`'s arguments and options on `port` with private state: the embedded Postgres in a
 * folder of its own, since a developer's npm start may be using .data/ and .wrangler/.
 * @param {{ repo: string, workDir: string, port: number, adminKey: string, env?: Record<string, string> }} options
 * @returns {[string[], import('node:child_process').SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'>]}
 */
export function devCommand({ repo, workDir, port, adminKey, env = {} }) {
  const args = [join(repo, 'scripts/dev.mjs'), '--persist-to', join(workDir, 'wrangler')];
  const privateState = { DATABASE_URL: '', REDIS_URL: '', TUNELOOP_DATA_DIR: join(workDir, 'pglite') };
  const childEnv = {
    ...process.env,
    PORT: String(port),
    TUNELOOP_ADMIN_KEY: adminKey,
    ...privateState,
    ...env,
  };
  return [args, { cwd: repo, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] }];
}

/**
 * @param {{ repo: string, workDir: string, adminKey: string, timeoutMs?: number, env?: Record<string, string> }} options
 *   env: overrides (e.g. DATABASE_URL to use a real Postgres instead of the private embedded one)
 * @returns {Promise<{ baseUrl: string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startDev({ repo, workDir, adminKey, timeoutMs = 150_000, env = {} }) {
  const port = await getFreePort();
  const child = spawn(node22(repo), ...devCommand({ repo, workDir, port, adminKey, env }));
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('is ready at') && child.exitCode === null && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 200));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM'); // dev.mjs stops wrangler's process group, then the stack
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  if (!output.includes('is ready at')) {
    await stop();
    throw new Error(`npm start did not get ready:\n${output.slice(-4000)}`);
  }
  return { baseUrl: `http://127.0.0.1:${port}`, output: () => output, stop };
}
