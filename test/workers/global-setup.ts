import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts what the Workers tests talk to, on the ports vitest.config.ts chose: Postgres
 * (the machine's via DATABASE_URL, else an embedded PGlite), the Neon WebSocket proxy,
 * and, when REDIS_URL is set, the Upstash REST bridge; migrations applied first.
 */
export default async function setup() {
  const child = spawn(process.execPath, ['test/workers/stack-process.mjs'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ databaseUrl: string; embedded: boolean; redis: boolean }>(
    (resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (line.startsWith('{"ready"')) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`test stack exited with ${code}`)));
    },
  );
  if (ready.embedded) console.log('[tests] DATABASE_URL is not set: Postgres tests use the embedded PGlite');
  if (!ready.redis) console.log('[tests] REDIS_URL is not set: rate-limit tests are reported as skipped');
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}
