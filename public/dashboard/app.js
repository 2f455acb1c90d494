// The dashboard: a key form, then #/ (all task types) or #/t/<name> (one), refreshed every 5 s.
import { pageActions } from './actions.js';
import { ApiError, api, session } from './api.js';
import { forgetCharts } from './charts.js';
import {
  drawDetailCharts,
  fillSavings,
  fillSide,
  loadDetail,
  loadSide,
  loadSideSavings,
  renderDetail,
} from './detail.js';
import { el } from './format.js';
import { loadOverview, renderOverview } from './overview.js';

const REFRESH_MS = 5000;
const main = document.getElementById('main');
const status = document.getElementById('status');
let timer = null;
let rendering = false;
/** a render asked for while one runs (a hash change, say) runs right after it */
let again = false;
/** bumps with every render, so side sections of an older one are dropped */
let generation = 0;
/** the ops actions, each behind a confirmation */
const actions = pageActions({ say, render });

function route() {
  const match = /^#\/t\/(.+)$/.exec(location.hash);
  return match ? { view: 'detail', name: decodeURIComponent(match[1]) } : { view: 'overview' };
}

function say(text, tone = 'muted') {
  status.textContent = text;
  status.className = tone;
}

async function render() {
  if (rendering) {
    again = true;
    return;
  }
  rendering = true;
  const current = ++generation;
  try {
    const r = route();
    if (r.view === 'overview') {
      const overview = await loadOverview();
      forgetCharts();
      main.replaceChildren(renderOverview(overview, actions));
    } else {
      const data = await loadDetail(r.name);
      const fresh = main.querySelector('#detail')?.dataset.taskType !== r.name;
      if (fresh) forgetCharts();
      main.replaceChildren(renderDetail(data, actions));
      drawDetailCharts(data);
      loadSide(r.name, data.routes).then((side) => {
        if (current === generation) fillSide(side, data.status);
      });
      loadSideSavings(r.name, data.routes).then((savings) => fillSavings(r.name, savings));
    }
    say(`updated ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      session.clear();
      showKeyForm(error.status === 403 ? 'This key lacks the read scope.' : 'Unknown or revoked key.');
    } else if (error instanceof ApiError && error.status === 404 && route().view === 'detail') {
      main.replaceChildren(el('p', {}, error.message, ' ', el('a', { href: '#/' }, 'All task types')));
    } else {
      say(`could not refresh: ${error.message}`, 'error');
    }
  } finally {
    rendering = false;
    if (again) {
      again = false;
      render();
    }
  }
}

function start() {
  document.getElementById('signout').hidden = false;
  clearInterval(timer);
  timer = setInterval(() => {
    if (!document.querySelector('dialog[open]')) render();
  }, REFRESH_MS);
  render();
}

function showKeyForm(message = '') {
  clearInterval(timer);
  forgetCharts();
  document.getElementById('signout').hidden = true;
  const input = el('input', {
    id: 'key',
    type: 'password',
    name: 'key',
    autocomplete: 'off',
    placeholder: 'tl_…',
    required: true,
  });
  const form = el(
    'form',
    { id: 'key-form', class: 'card' },
    el('h2', {}, 'API key'),
    el(
      'p',
      {},
      'A key with the read scope (ops for the actions). It stays in this tab only (sessionStorage).',
    ),
    el('label', { for: 'key' }, 'Key '),
    input,
    ' ',
    el('button', { type: 'submit' }, 'Open dashboard'),
    message ? el('p', { class: 'error', role: 'alert' }, message) : null,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    try {
      await api('GET', '/v1/task-types', undefined, key);
      session.save(key);
      start();
    } catch (error) {
      const text = error.status === 403 ? 'This key lacks the read scope.' : error.message;
      showKeyForm(error.status === 401 ? 'Unknown or revoked key.' : text);
    }
  });
  main.replaceChildren(form);
  input.focus();
}

document.getElementById('signout').addEventListener('click', () => {
  session.clear();
  showKeyForm();
});
window.addEventListener('hashchange', () => {
  if (session.key) render();
});
if (session.key) start();
else showKeyForm();
