import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../functions/env';

/**
 * Does nothing, on purpose: the baseline of `npm run bench`. A request through the same
 * Worker, Hono app and Durable Object RPC hop, minus tuneloop's own work, so the bench
 * reports our cost as a ratio rather than as absolute numbers of a shared machine.
 */
export class BenchNoop extends DurableObject<Env> {
  async ping(): Promise<{ ok: true }> {
    return { ok: true };
  }
}
