import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/storage/postgres';
import { call, sleep } from './helpers';

/** PGlite (the embedded default) is one session: a second connection holding a lock needs a real server. */
export const realPostgres = Boolean(env.DATABASE_URL && !env.DATABASE_URL.includes('postgres:postgres@'));

/**
 * Holds an exclusive lock on `decisions` from a session of its own; resolves once it is held,
 * with the function that releases it.
 */
export async function lockDecisions(): Promise<() => Promise<void>> {
  const { db, close } = openDatabase(env);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const lock = db
    .transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE`);
      locked();
      await held;
    })
    .catch(() => {});
  await isLocked;
  return async () => {
    release();
    await lock;
    await close();
  };
}

/** The task type's export, asked again every 500 ms while it is not 200: its status and decision ids. */
export async function exportedIds(
  taskType: string,
  attempts = 1,
): Promise<{ status: number; ids: string[] }> {
  let res = await call('GET', `/v1/task-types/${taskType}/decisions`);
  for (let i = 1; i < attempts && res.status !== 200; i++) {
    await sleep(500);
    res = await call('GET', `/v1/task-types/${taskType}/decisions`);
  }
  if (res.status !== 200) return { status: res.status, ids: [] };
  const ids = res.text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).decisionId as string);
  return { status: res.status, ids };
}
