// The parts of a task type's page that offer an ops action: the budget's waiver button and the
// decisions Postgres refused (set aside, from the status), each action behind a confirmation.
import { el, int } from './format.js';

/** "Grant waiver…" next to the budget, when the route exists and the task type has a budget. */
export function waiverButton({ status, canWaive }, actions) {
  if (!canWaive || !status.budget || status.budget.dailyTokens === null) return null;
  return el(
    'button',
    { type: 'button', id: 'waiver-action', onclick: () => actions.waiver(status.taskType) },
    'Grant waiver…',
  );
}

/** The set-aside decisions the status names, and the retry; nothing when there are none. */
export function setAsidePanel({ status, canRetry }, actions) {
  const count = status.outbox?.setAside ?? 0;
  if (count === 0) return null;
  const ids = status.outbox.setAsideIds ?? [];
  return el(
    'div',
    { id: 'set-aside', class: 'banner' },
    el('strong', {}, `${int(count)} decision(s) set aside`),
    ': Postgres refused them as data; they are kept here, named by the export, never expired. ',
    canRetry
      ? el(
          'button',
          {
            type: 'button',
            id: 'retry-action',
            onclick: () => actions.retrySetAside(status.taskType, count),
          },
          'Retry…',
        )
      : null,
    ids.length > 0
      ? el(
          'ul',
          { class: 'compact' },
          ids.map((id) => el('li', {}, el('code', {}, id))),
        )
      : null,
    ids.length < count ? el('p', { class: 'muted' }, `and ${int(count - ids.length)} more`) : null,
  );
}
