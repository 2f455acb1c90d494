// One task type: arms, traffic share, posterior means, SLO and budget, savings, rollout audit,
// the latest evaluation, and the ops actions (rollout, waiver, set-aside retry), each confirmed.
import { api, has, mountedRoutes, taskTypePath } from './api.js';
import { forestPlot, shareChart } from './charts.js';
import {
  BUDGET_TONE,
  badge,
  budgetText,
  DASH,
  el,
  int,
  interval,
  num,
  PHASE_TONE,
  pct,
  sloHealth,
} from './format.js';
import {
  drawSeriesCharts,
  drawStatusPanels,
  healthSection,
  historySection,
  loadSeries,
  statusPanels,
} from './insights.js';
import { setAsidePanel, waiverButton } from './ops-panels.js';
import { loadSavings, savingsSection } from './savings.js';

const T = '/v1/task-types/{taskType}';

/** The last audit and evaluations seen per task type, shown while fresh ones load. */
const sideCache = new Map();
const LOADING = { loading: true };

/** The status first: the page must not wait on side sections that read Postgres. */
export async function loadDetail(name) {
  const routes = await mountedRoutes();
  const status = await api('GET', taskTypePath(name));
  const side = sideCache.get(name) ?? {
    audit: has(routes, 'GET', `${T}/audit`) ? LOADING : null,
    evaluations: has(routes, 'GET', `${T}/evaluations`) ? LOADING : null,
    series: has(routes, 'GET', `${T}/timeseries`) ? LOADING : null,
    savings: has(routes, 'GET', `${T}/savings`) ? LOADING : null,
  };
  return {
    status,
    routes,
    side,
    canRollout: has(routes, 'POST', `${T}/rollout`),
    canWaive: has(routes, 'POST', `${T}/budget/waivers`),
    canRetry: has(routes, 'POST', `${T}/outbox/retry`),
  };
}

/**
 * Audit, evaluations and the time series, each null when its route is not mounted. Never the
 * decision log: its size grows with traffic, the time series' does not.
 */
export async function loadSide(name, routes) {
  const path = taskTypePath(name);
  const [audit, evaluations, series] = await Promise.all([
    has(routes, 'GET', `${T}/audit`) ? optional(api('GET', `${path}/audit`)) : null,
    has(routes, 'GET', `${T}/evaluations`) ? optional(api('GET', `${path}/evaluations`)) : null,
    has(routes, 'GET', `${T}/timeseries`) ? loadSeries(path) : null,
  ]);
  const side = { ...sideCache.get(name), audit, evaluations, series };
  sideCache.set(name, side);
  return side;
}

/**
 * Savings on their own: the report may wait seconds for the outbox to reach Postgres, and the
 * charts must not wait with it. Null when the route is not mounted.
 */
export async function loadSideSavings(name, routes) {
  const savings = has(routes, 'GET', `${T}/savings`) ? await loadSavings(taskTypePath(name)) : null;
  sideCache.set(name, { ...sideCache.get(name), savings });
  return savings;
}

/** Puts freshly loaded side sections into the page, and draws their charts. */
export function fillSide(side, status) {
  document.getElementById('audit-section')?.replaceChildren(auditList(side.audit));
  document.getElementById('evaluation-section')?.replaceChildren(evaluationSection(side.evaluations));
  document.getElementById('history-section')?.replaceChildren(historySection(side.series));
  document.getElementById('health-section')?.replaceChildren(healthSection(side.series, reportFor(side)));
  drawEvaluation(side.evaluations);
  drawSeriesCharts(status, side.series);
}

/** The savings panel, when the page still shows the task type it was loaded for. */
export function fillSavings(name, savings) {
  if (document.getElementById('detail')?.dataset.taskType !== name) return;
  document.getElementById('savings-section')?.replaceChildren(savingsSection(savings));
}

function reportFor(side) {
  const record = latestReport(side.evaluations);
  return record ? reportOf(record) : null;
}

/** A side section that fails (say Postgres is down: 503) must not take the page with it. */
function optional(promise) {
  return promise.catch((error) => ({ failed: error.message }));
}

function failedSection(what, data) {
  return data?.failed === undefined
    ? null
    : el(
        'p',
        { class: 'error', dataset: { state: 'failed' } },
        `${what}: could not be loaded (${data.failed}).`,
      );
}

export function renderDetail(data, actions) {
  const { status, side, canRollout } = data;
  const slo = sloHealth(status);
  const baseline = status.config.baselineArmId;
  return el(
    'section',
    { id: 'detail', dataset: { taskType: status.taskType } },
    el('p', {}, el('a', { href: '#/' }, '← all task types')),
    el(
      'h2',
      {},
      status.taskType,
      ' ',
      el('span', { dataset: { field: 'phase' } }, badge(status.phase, PHASE_TONE[status.phase])),
    ),
    el(
      'dl',
      { class: 'facts' },
      fact('share', pct(status.share, 0), 'share'),
      fact('policy', `${status.config.policy.kind} (ε ${status.config.policy.epsilon})`),
      fact('config version', status.version),
      fact('policy version', status.policyVersion),
      fact('frozen', status.frozen ? (status.frozenReason ?? 'yes') : 'no', 'frozen'),
      fact('SLO health', badge(slo.text, slo.tone), 'slo'),
      fact('SLO targets', sloTargets(status.config.slo)),
      fact(
        'budget today',
        el(
          'span',
          {},
          status.budget ? badge(status.budget.state, BUDGET_TONE[status.budget.state]) : '',
          ' ',
          budgetText(status.budget),
          ' ',
          waiverButton(data, actions),
        ),
        'budget',
      ),
      fact('outbox pending', int(status.outbox?.pending)),
    ),
    actionsPanel(canRollout, status, actions),
    setAsidePanel(data, actions),
    sloSection(status.slo, slo.reason, status.promotion),
    el('h3', {}, 'Arms'),
    armsTable(status.arms, baseline, status.config.arms),
    el(
      'div',
      { class: 'charts' },
      chartBox('Traffic share per arm', 'share-chart'),
      chartBox('Posterior mean reward, 95 % interval', 'posterior-chart'),
    ),
    el('h3', {}, 'Savings against the baseline'),
    el('div', { id: 'savings-section' }, savingsSection(side.savings)),
    statusPanels(status),
    el('h3', {}, 'Last 24 hours'),
    el('div', { id: 'history-section' }, historySection(side.series)),
    el('h3', {}, 'Counterfactual log health'),
    el('div', { id: 'health-section' }, healthSection(side.series, reportFor(side))),
    el('h3', {}, 'Rollout timeline'),
    el('div', { id: 'audit-section' }, auditList(side.audit)),
    el('h3', {}, 'Latest evaluation'),
    el('div', { id: 'evaluation-section' }, evaluationSection(side.evaluations)),
  );
}

/** Draws the charts once the section is in the document (Chart.js needs sized canvases). */
export function drawDetailCharts({ status, side }) {
  shareChart(document.getElementById('share-chart'), status.arms);
  const rows = status.arms
    .filter((a) => a.meanReward)
    .map((a) => ({
      label: a.armId,
      value: a.meanReward.mean,
      low: a.meanReward.low,
      high: a.meanReward.high,
    }));
  const base = status.arms.find((a) => a.armId === status.config.baselineArmId)?.meanReward?.mean ?? null;
  forestPlot(document.getElementById('posterior-chart'), rows, { xTitle: 'mean reward', reference: base });
  drawEvaluation(side.evaluations);
  drawStatusPanels(status);
  drawSeriesCharts(status, side.series);
}

function drawEvaluation(evaluations) {
  const record = latestReport(evaluations);
  const canvas = document.getElementById('evaluation-chart');
  if (record && canvas) forestPlot(canvas, evaluationRows(record), { xTitle: 'estimated policy value' });
}

function fact(term, value, field) {
  return [el('dt', {}, term), el('dd', field ? { dataset: { field } } : {}, value)];
}

function sloTargets(slo = {}) {
  const parts = [];
  if (slo.latencyP99Ms !== undefined) parts.push(`p99 ≤ ${slo.latencyP99Ms} ms`);
  if (slo.qualityMin !== undefined) parts.push(`quality ≥ ${slo.qualityMin}`);
  if (slo.errorRateMax !== undefined) parts.push(`errors ≤ ${pct(slo.errorRateMax)}`);
  return parts.length > 0 ? parts.join(' · ') : 'none configured';
}

/** Treated against control in the SLO window, the guard's reason, and what promotion waits for. */
function sloSection(slo, reason, promotion) {
  if (!slo?.treated || !slo?.control) return null;
  const row = (name, c) =>
    el(
      'tr',
      { dataset: { cohort: name } },
      el('td', {}, name),
      el('td', { class: 'num' }, int(c.outcomes)),
      el('td', { class: 'num' }, num(c.latencyP50Ms, 0)),
      el('td', { class: 'num' }, num(c.latencyP99Ms, 0)),
      el('td', { class: 'num' }, num(c.meanQuality)),
      el('td', { class: 'num' }, pct(c.errorRate)),
    );
  const head = ['cohort', 'outcomes', 'p50 (ms)', 'p99 (ms)', 'quality', 'error rate'];
  return el(
    'div',
    { id: 'slo' },
    el('h3', {}, 'SLO window'),
    slo.window ? el('p', { class: 'muted' }, `${slo.window.from} – ${slo.window.to}`) : null,
    el(
      'table',
      { class: 'compact' },
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
      el('tbody', {}, row('treated', slo.treated), row('control', slo.control)),
    ),
    reason ? el('p', { dataset: { field: 'sloReason' } }, `Guard: ${reason}`) : null,
    promotion?.reason ? el('p', { dataset: { field: 'promotion' } }, `Promotion: ${promotion.reason}`) : null,
  );
}

function chartBox(title, id) {
  return el('figure', {}, el('figcaption', {}, title), el('div', { class: 'chart' }, el('canvas', { id })));
}

function armsTable(arms, baseline, configArms) {
  const total = arms.reduce((sum, a) => sum + a.pulls, 0);
  const params = Object.fromEntries(configArms.map((a) => [a.id, a.params]));
  const header = [
    'arm',
    'params',
    'pulls',
    'traffic share',
    'rewards',
    'mean reward [95 %]',
    'quality',
    'latency (ms)',
    'tokens',
    'tokens / quality pt',
    'error rate',
  ];
  const cell = (field, value, cls = 'num') => el('td', { class: cls, dataset: { field } }, value);
  return el(
    'table',
    { id: 'arms' },
    el('thead', {}, el('tr', {}, ...header.map((h) => el('th', {}, h)))),
    el(
      'tbody',
      {},
      arms.map((a) => {
        const p = params[a.armId] ?? {};
        return el(
          'tr',
          { dataset: { arm: a.armId } },
          el('td', {}, a.armId, a.armId === baseline ? badge('baseline', 'neutral') : ''),
          cell('params', `${p.model ?? ''} t=${p.temperature ?? DASH} max=${p.maxTokens ?? DASH}`, 'params'),
          cell('pulls', int(a.pulls)),
          cell('trafficShare', pct(total > 0 ? a.pulls / total : null)),
          cell('rewards', int(a.rewards)),
          cell('meanReward', interval(a.meanReward)),
          cell('meanQuality', num(a.meanQuality)),
          cell('meanLatencyMs', num(a.meanLatencyMs, 0)),
          cell('meanTokens', num(a.meanTokens, 0)),
          cell('tokensPerQualityPoint', num(a.tokensPerQualityPoint, 0)),
          cell('errorRate', pct(a.errorRate)),
        );
      }),
    ),
  );
}

function notAvailable(what) {
  return el(
    'p',
    { class: 'muted', dataset: { state: 'not-available' } },
    `${what}: not available on this service yet.`,
  );
}

const loading = () => el('p', { class: 'muted' }, 'loading…');

function auditList(audit) {
  if (audit === null) return notAvailable('Rollout audit');
  if (audit.loading) return loading();
  if (audit.failed !== undefined) return failedSection('Rollout audit', audit);
  const events = Array.isArray(audit) ? audit : (audit.events ?? []);
  if (events.length === 0) return el('p', { class: 'muted' }, 'No events yet.');
  return el(
    'ol',
    { class: 'timeline', id: 'audit' },
    events.slice(0, 50).map((e) => {
      const at = e.atMs ? new Date(e.atMs).toISOString() : (e.at ?? e.timestamp ?? e.createdAt ?? '');
      const from = e.from ?? e.details?.from;
      const to = e.to ?? e.details?.to;
      const move = from || to ? ` ${from ?? '?'} → ${to ?? '?'}` : '';
      return el(
        'li',
        {},
        el('time', {}, at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
        ' ',
        el('strong', {}, e.kind ?? e.type ?? e.action ?? 'event'),
        move,
        e.actor ? ` by ${e.actor}` : '',
        e.reason ? ` — ${e.reason}` : '',
      );
    }),
  );
}

/** The newest stored evaluation: `{ createdAt, trigger, …, report }` (or a bare report). */
function latestReport(evaluations) {
  if (!evaluations || evaluations.failed !== undefined || evaluations.loading) return null;
  const records = Array.isArray(evaluations) ? evaluations : (evaluations.evaluations ?? []);
  return records[0] ?? null;
}

function reportOf(record) {
  return record.report ?? record;
}

/** Forest rows: each policy under each estimator, then the paired differences that gate promotion. */
function evaluationRows(record) {
  const report = reportOf(record);
  const estimates = (report.policies ?? []).flatMap((p) =>
    Object.entries(p.estimates ?? {}).map(([estimator, e]) => ({
      label: `${p.policy} · ${estimator}`,
      value: e.value,
      low: e.low,
      high: e.high,
    })),
  );
  const differences = (report.comparisons ?? []).map((c) => ({
    label: `${c.policy} − ${c.versus} · ${c.estimator}`,
    value: c.difference.value,
    low: c.difference.low,
    high: c.difference.high,
  }));
  return [...estimates, ...differences];
}

function evaluationSection(evaluations) {
  if (evaluations === null) return notAvailable('Evaluations');
  if (evaluations.loading) return loading();
  if (evaluations.failed !== undefined) return failedSection('Evaluations', evaluations);
  const record = latestReport(evaluations);
  if (!record) return el('p', { class: 'muted' }, 'No evaluation report yet.');
  const report = reportOf(record);
  const rows = evaluationRows(record);
  const facts = [
    record.createdAt ? `${record.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}` : null,
    record.trigger ? `(${record.trigger})` : null,
    `n = ${int(report.n)}`,
    `missing rewards ${int(report.missingRewards)}`,
    report.rewardModel ? `reward model ${report.rewardModel}` : null,
    record.policyVersion ? `policy ${record.policyVersion}` : null,
    report.gateLowerBound !== undefined ? `gate lower bound ${num(report.gateLowerBound, 4)}` : null,
  ].filter(Boolean);
  return el(
    'div',
    { id: 'evaluation' },
    el('p', { dataset: { field: 'evaluationFacts' } }, facts.join(' · ')),
    report.verdict ? el('p', { class: 'muted' }, report.verdict) : null,
    rows.length === 0
      ? null
      : el(
          'figure',
          {},
          el('figcaption', {}, 'Estimated policy value, 95 % bootstrap interval'),
          el(
            'div',
            { class: 'chart', style: `height:${Math.max(160, 24 * rows.length + 60)}px` },
            el('canvas', { id: 'evaluation-chart' }),
          ),
        ),
  );
}

const ACTIONS = [
  ['advance', 'Advance', 'Move to the next phase (shadow → canary → guarded → general).'],
  ['rollback', 'Roll back', 'Back to shadow: only the baseline is served.'],
  ['pause', 'Pause', 'Hold the phase; no automatic moves.'],
  ['resume', 'Resume', 'Lift a pause or a freeze.'],
];

function actionsPanel(canRollout, status, actions) {
  if (!canRollout) return el('div', { class: 'actions' }, notAvailable('Rollout actions'));
  const rollout = (action, label, help) => () => actions.rollout(status.taskType, action, label, help);
  return el(
    'div',
    { class: 'actions' },
    el('span', { class: 'muted' }, `Rollout (needs an ops key), now ${status.phase}: `),
    ACTIONS.map(([action, label, help]) =>
      el(
        'button',
        { type: 'button', dataset: { action }, title: help, onclick: rollout(action, label, help) },
        label,
      ),
    ),
  );
}
