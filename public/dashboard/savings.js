// The savings panel: cost served against the counterfactual "every request served the baseline",
// and the quality difference with its interval (GET …/savings, API.md "Savings"). The report
// reads Postgres after flushing the outbox, so a report is fetched at most once a minute.
import { ApiError, api } from './api.js';
import { el, int, num, pct } from './format.js';

const SAVINGS_REFRESH_MS = 60_000;
const cache = new Map();
/** the report on its way, per task type */
const inFlight = new Map();

/** `{ report }`, `{ unavailable }` on 503 (the log has not reached Postgres yet), `{ failed }` otherwise. */
export function loadSavings(path) {
  const cached = cache.get(path);
  if (cached && Date.now() - cached.atMs < SAVINGS_REFRESH_MS) return Promise.resolve(cached.result);
  // A refresh while a report is still on its way waits for that one rather than asking again.
  if (!inFlight.has(path))
    inFlight.set(
      path,
      fetchSavings(path).finally(() => inFlight.delete(path)),
    );
  return inFlight.get(path);
}

async function fetchSavings(path) {
  try {
    const result = { report: await api('GET', `${path}/savings`) };
    // Only a report is kept: a 503 (log not in Postgres yet) is asked again at the next refresh.
    cache.set(path, { atMs: Date.now(), result });
    return result;
  } catch (error) {
    return error instanceof ApiError && error.status === 503
      ? { unavailable: true }
      : { failed: error.message };
  }
}

const range = (e, digits) =>
  e ? `${num(e.value, digits)} [${num(e.low, digits)}, ${num(e.high, digits)}]` : '—';

function fact(term, value, field) {
  return [el('dt', {}, term), el('dd', { dataset: { field } }, value)];
}

/** The panel; null when the service has no savings route. */
export function savingsSection(side) {
  if (side === null)
    return el('p', { class: 'muted', dataset: { state: 'not-available' } }, 'Savings: not available.');
  if (side.loading) return el('p', { class: 'muted' }, 'loading…');
  if (side.unavailable)
    return el(
      'p',
      { class: 'muted', dataset: { state: 'unavailable' } },
      'Savings: log not in Postgres yet — retry.',
    );
  if (side.failed !== undefined)
    return el(
      'p',
      { class: 'error', dataset: { state: 'failed' } },
      `Savings: could not be loaded (${side.failed}).`,
    );
  const r = side.report;
  const window = `${r.since.slice(0, 16).replace('T', ' ')} – ${r.until.slice(0, 16).replace('T', ' ')} UTC`;
  const head = el(
    'p',
    { class: 'muted' },
    `${window}, n = ${int(r.n)} rewarded decisions, baseline ${r.baselineArmId}; ${
      r.anytimeValid ? 'anytime-valid intervals (current phase)' : 'fixed-window intervals'
    }.`,
  );
  // The contract: draw nothing but the verdict when the log cannot support an estimate.
  if (r.verdict !== null)
    return el('div', { id: 'savings' }, head, el('p', { dataset: { field: 'savingsVerdict' } }, r.verdict));
  return el(
    'div',
    { id: 'savings' },
    head,
    el(
      'dl',
      { class: 'facts' },
      fact('cost served (USD)', num(r.served.costUsd, 4), 'servedCost'),
      fact('baseline counterfactual (USD, 95 %)', range(r.baseline.costUsd, 4), 'baselineCost'),
      fact('saved (USD, 95 %)', range(r.savedUsd, 4), 'savedUsd'),
      fact('saved share', pct(r.savedShare), 'savedShare'),
      fact('quality served − baseline (95 %)', range(r.qualityDelta, 3), 'qualityDelta'),
    ),
  );
}
