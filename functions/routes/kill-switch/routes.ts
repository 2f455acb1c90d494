import type { Hono } from 'hono';
import { KillSwitchRequest } from '../../../src/contract/rollout';
import type { AppEnv } from '../../app-env';
import { forgetKillSwitch, KILL_SWITCH_CACHE_MS } from '../../kill-switch';
import { requireScope } from '../../middleware/auth';
import { directoryOf } from '../../stubs';
import { parseBody } from '../../validation';

/** `GET/POST /v1/kill-switch`: every task type serves its baseline while enabled (within 5 s). */
export function registerKillSwitch(app: Hono<AppEnv>) {
  app.get('/v1/kill-switch', requireScope('read'), async (c) => {
    const state = await directoryOf(c.env).killSwitch();
    return c.json({ ...state, forcedByEnvironment: c.env.TUNELOOP_KILL_SWITCH === '1' });
  });

  app.post('/v1/kill-switch', requireScope('ops'), async (c) => {
    const { enabled, reason } = await parseBody(c, KillSwitchRequest);
    const principal = c.get('principal');
    const state = await directoryOf(c.env).setKillSwitch({
      enabled,
      reason,
      actor: `${principal.name} (${principal.keyId})`,
      atMs: Date.now(),
    });
    forgetKillSwitch();
    console.log(JSON.stringify({ event: 'kill-switch', ...state }));
    return c.json({ ...state, effectiveWithinMs: KILL_SWITCH_CACHE_MS });
  });
}
