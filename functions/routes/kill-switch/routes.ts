import { KillSwitchRequest, KillSwitchState } from '../../../src/contract/rollout';
import { actorOf } from '../../actor';
import type { Api } from '../../api';
import { forgetKillSwitch, KILL_SWITCH_CACHE_MS } from '../../kill-switch';
import { access, apiRoute, json, jsonBody } from '../../openapi/route-kit';
import { directoryOf } from '../../stubs';

const read = apiRoute('get /v1/kill-switch', access('read'), {
  tag: 'rollout',
  summary: 'Whether the deployment-wide kill switch is on',
  responses: { 200: json(KillSwitchState, 'The kill switch.') },
});

const set = apiRoute('post /v1/kill-switch', access('ops'), {
  tag: 'rollout',
  summary: 'Turn the kill switch on or off: every task type serves its baseline while it is on',
  description:
    'Takes effect in every isolate within `effectiveWithinMs` (seconds). The `TUNELOOP_KILL_SWITCH=1` ' +
    'binding holds it on regardless.',
  request: { body: jsonBody(KillSwitchRequest) },
  responses: { 200: json(KillSwitchState, 'The kill switch after the change.') },
});

/** `GET/POST /v1/kill-switch`: every task type serves its baseline while enabled (within 5 s). */
export function registerKillSwitch(app: Api) {
  app.openapi(read, async (c) => {
    const state = await directoryOf(c.env).killSwitch();
    return c.json({ ...state, forcedByEnvironment: c.env.TUNELOOP_KILL_SWITCH === '1' }, 200);
  });

  app.openapi(set, async (c) => {
    const { enabled, reason } = c.req.valid('json');
    const state = await directoryOf(c.env).setKillSwitch({
      enabled,
      reason,
      actor: actorOf(c),
      atMs: Date.now(),
    });
    forgetKillSwitch();
    console.log(JSON.stringify({ event: 'kill-switch', ...state }));
    return c.json({ ...state, effectiveWithinMs: KILL_SWITCH_CACHE_MS }, 200);
  });
}
