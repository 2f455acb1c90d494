// All task types at a glance: phase, share, SLO health, budget, traffic and the leading arm.
import { api, has, mountedRoutes, taskTypePath } from './api.js';
import { BUDGET_TONE, badge, budgetText, el, int, interval, PHASE_TONE, pct, sloHealth } from './format.js';

/**
 * The list, then each task type's full status (the list leaves out SLO health and budget),
 * and the kill switch when the service has one.
 */
export async function loadOverview() {
  const routes = await mountedRoutes();
  const [{ taskTypes }, killSwitch] = await Promise.all([
    api('GET', '/v1/task-types'),
    has(routes, 'GET', '/v1/kill-switch') ? api('GET', '/v1/kill-switch').catch(() => null) : null,
  ]);
  const statuses = await Promise.all(taskTypes.map((t) => api('GET', taskTypePath(t.taskType))));
  const canSwitch = has(routes, 'POST', '/v1/kill-switch');
  return { statuses: statuses.sort((a, b) => a.taskType.localeCompare(b.taskType)), killSwitch, canSwitch };
}

/** The switch's state, and the button that flips it (behind a confirmation) when the route exists. */
function killSwitchBanner(killSwitch, canSwitch, actions) {
  if (!killSwitch) return null;
  const flip = (enabled, label) =>
    canSwitch && !killSwitch.forcedByEnvironment
      ? el(
          'button',
          { type: 'button', id: 'kill-switch-toggle', onclick: () => actions.killSwitch(enabled) },
          label,
        )
      : null;
  if (!killSwitch.enabled && !killSwitch.forcedByEnvironment)
    return el(
      'p',
      { id: 'kill-switch', class: 'muted', dataset: { state: 'off' } },
      'Kill switch: off. ',
      flip(true, 'Turn on…'),
    );
  const why = killSwitch.forcedByEnvironment
    ? 'held on by TUNELOOP_KILL_SWITCH=1'
    : `${killSwitch.reason ?? ''}${killSwitch.actor ? ` — ${killSwitch.actor}` : ''}`;
  return el(
    'p',
    { id: 'kill-switch', class: 'banner', dataset: { state: 'on' } },
    badge('KILL SWITCH ON', 'bad'),
    ` every task type serves its baseline: ${why} `,
    flip(false, 'Turn off…'),
  );
}

function leader(status) {
  const rewarded = status.arms.filter((a) => a.meanReward);
  if (rewarded.length === 0) return null;
  return rewarded.reduce((best, a) => (a.meanReward.mean > best.meanReward.mean ? a : best));
}

export function renderOverview({ statuses, killSwitch, canSwitch }, actions) {
  const banner = killSwitchBanner(killSwitch, canSwitch, actions);
  if (statuses.length === 0)
    return el(
      'section',
      { class: 'empty' },
      banner,
      el('p', {}, 'No task types yet. Create one with PUT /v1/task-types/{taskType}, or run '),
      el('code', {}, 'npm run demo'),
      '.',
    );
  const rows = statuses.map((s) => {
    const slo = sloHealth(s);
    const pulls = s.arms.reduce((sum, a) => sum + a.pulls, 0);
    const rewards = s.arms.reduce((sum, a) => sum + a.rewards, 0);
    const best = leader(s);
    return el(
      'tr',
      { dataset: { taskType: s.taskType } },
      el('td', {}, el('a', { href: `#/t/${encodeURIComponent(s.taskType)}` }, s.taskType)),
      el('td', { dataset: { field: 'phase' } }, badge(s.phase, PHASE_TONE[s.phase])),
      el('td', { class: 'num', dataset: { field: 'share' } }, pct(s.share, 0)),
      el('td', { dataset: { field: 'frozen' } }, s.frozen ? badge(s.frozenReason ?? 'frozen', 'bad') : 'no'),
      el('td', { dataset: { field: 'slo' }, title: slo.reason ?? '' }, badge(slo.text, slo.tone)),
      el(
        'td',
        { dataset: { field: 'budget' } },
        s.budget ? badge(s.budget.state, BUDGET_TONE[s.budget.state]) : '',
        ' ',
        budgetText(s.budget),
      ),
      el('td', { class: 'num', dataset: { field: 'pulls' } }, int(pulls)),
      el('td', { class: 'num', dataset: { field: 'rewards' } }, int(rewards)),
      el('td', { dataset: { field: 'leader' } }, best ? `${best.armId} ${interval(best.meanReward)}` : '—'),
      el('td', { class: 'num', dataset: { field: 'outbox' } }, int(s.outbox?.pending)),
    );
  });
  return el(
    'section',
    {},
    banner,
    el('h2', {}, 'Task types'),
    el(
      'table',
      { id: 'task-types' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...[
            'task type',
            'phase',
            'share',
            'frozen',
            'SLO health',
            'budget (tokens today)',
            'pulls',
            'rewards',
            'leading arm (mean reward, 95 %)',
            'outbox',
          ].map((h) => el('th', {}, h)),
        ),
      ),
      el('tbody', {}, rows),
    ),
  );
}
