// The ops actions the dashboard offers, each behind a confirmation (confirm.js): rollout moves,
// the deployment-wide kill switch, budget waivers, and sending set-aside decisions again.
import { api, taskTypePath } from './api.js';
import { confirmAction } from './confirm.js';
import { int } from './format.js';

/** The end of the current UTC day: the budget is per UTC day, so a waiver rarely needs longer. */
function endOfUtcDay(nowMs = Date.now()) {
  const day = 86_400_000;
  return new Date(Math.floor(nowMs / day) * day + day).toISOString();
}

/**
 * @param {{ say: (text: string, tone?: string) => void, render: () => Promise<void> }} page
 */
export function pageActions({ say, render }) {
  // The page first, then the message: a render ends by saying when it updated.
  const after = (text) => async () => {
    await render();
    say(text, 'good');
  };
  return {
    rollout(name, action, label, help) {
      confirmAction({
        title: `${label} ${name}?`,
        help,
        label,
        send: (v) => api('POST', `${taskTypePath(name)}/rollout`, { action, reason: v.reason }),
        done: async (reply) => after(`${label}: now ${reply?.phase ?? 'done'}`)(),
      });
    },
    killSwitch(enabled) {
      confirmAction({
        title: enabled ? 'Turn the kill switch on?' : 'Turn the kill switch off?',
        help: enabled
          ? 'Every task type serves its baseline (propensity 1) within seconds, until it is turned off.'
          : 'Task types serve their policies again, each in its own rollout phase.',
        label: enabled ? 'Turn on' : 'Turn off',
        send: (v) => api('POST', '/v1/kill-switch', { enabled, reason: v.reason }),
        done: after(`kill switch ${enabled ? 'on' : 'off'}`),
      });
    },
    waiver(name) {
      confirmAction({
        title: `Grant a budget waiver to ${name}?`,
        help: 'Extra tokens for the day, on top of the daily budget, until the waiver expires.',
        label: 'Grant waiver',
        fields: [
          { id: 'tokens', label: 'Tokens', type: 'number', min: '1', value: '100000' },
          { id: 'expiresAt', label: 'Expires at (ISO-8601)', value: endOfUtcDay() },
        ],
        send: (v) =>
          api('POST', `${taskTypePath(name)}/budget/waivers`, {
            tokens: Number(v.tokens),
            reason: v.reason,
            expiresAt: v.expiresAt,
          }),
        done: async (reply) => after(`waiver granted: limit now ${int(reply?.budget?.limitTokens)}`)(),
      });
    },
    retrySetAside(name, count) {
      confirmAction({
        title: `Send ${int(count)} set-aside decision(s) of ${name} to Postgres again?`,
        help: 'Postgres refused them as data. Retry once the cause is fixed; those it still refuses stay set aside.',
        label: 'Retry',
        reason: false,
        send: () => api('POST', `${taskTypePath(name)}/outbox/retry`),
        done: async (reply) => after(`retried ${int(reply?.retried)}`)(),
      });
    },
  };
}
