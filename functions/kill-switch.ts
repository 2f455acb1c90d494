import type { Env } from './env';
import { directoryOf } from './stubs';

/** How long an isolate trusts what it read of the kill switch: it bites within this. */
export const KILL_SWITCH_CACHE_MS = 5_000;

let cached: { enabled: boolean; readAtMs: number } | null = null;

/**
 * Whether every task type must serve its baseline now: the `TUNELOOP_KILL_SWITCH=1` binding
 * (a deploy-time emergency stop), or the switch ops set through the API (read from the
 * directory at most every 5 s per isolate, so recommend does not pay a round trip).
 */
export async function killSwitchOn(env: Env): Promise<boolean> {
  if (env.TUNELOOP_KILL_SWITCH === '1') return true;
  const nowMs = Date.now();
  if (cached && nowMs - cached.readAtMs < KILL_SWITCH_CACHE_MS) return cached.enabled;
  const state = await directoryOf(env).killSwitch();
  cached = { enabled: state.enabled, readAtMs: nowMs };
  return state.enabled;
}

/** After this isolate changed the switch, it must not serve from its stale copy. */
export function forgetKillSwitch(): void {
  cached = null;
}
