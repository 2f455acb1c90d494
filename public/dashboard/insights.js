// Panels of issue 6 for one task type. From the status: the quality–latency–tokens Pareto view,
// feature attribution (linear policies) and drift. From the time series the task type keeps
// (GET …/timeseries, hourly buckets over the last 24 h; never the raw decision log): reward,
// traffic share, latency and the parameters served per arm over time, and the log's health.
import { api } from './api.js';
import { histogram, lineChart, PALETTE, paretoChart, stackedShareChart } from './charts.js';
import { badge, DASH, el, int, num } from './format.js';

/** One bucket per hour of the last day: 24 points per chart, whatever the traffic. */
const BUCKET = '1h';

/**
 * The last 24 h as the task type aggregates it: `{ series }`, `{ failed }` on an error. A few
 * hundred bytes per arm and hour, so it is fetched with every refresh.
 */
export async function loadSeries(path) {
  try {
    return { series: await api('GET', `${path}/timeseries?bucket=${BUCKET}`) };
  } catch (error) {
    return { failed: error.message };
  }
}

/** Every bucket of the window, empty ones included, and the points of each by arm. */
export function seriesBuckets(series) {
  const starts = [];
  for (let t = Date.parse(series.since); t < Date.parse(series.until); t += series.bucketMs) starts.push(t);
  const byStart = new Map(starts.map((t) => [t, new Map()]));
  for (const p of series.points) byStart.get(Date.parse(p.start))?.set(p.armId, p);
  const labels = starts.map((t) => new Date(t).toISOString().slice(11, 16));
  return { labels, buckets: [...byStart.values()] };
}

const armColor = (armIds, id) => PALETTE[Math.max(0, armIds.indexOf(id)) % PALETTE.length];

const total = (points, field) => points.reduce((s, p) => s + (p[field] ?? 0), 0);

// ——— sections rendered with the status ———

export function statusPanels(status) {
  return el(
    'div',
    { id: 'insights' },
    el('h3', {}, 'Quality, latency and tokens'),
    el(
      'div',
      { class: 'charts' },
      el(
        'figure',
        { id: 'pareto' },
        el(
          'figcaption',
          {},
          'Arms: p99 latency (mean when p99 is unknown) × mean quality; size ∝ mean tokens',
        ),
        el('div', { class: 'chart' }, el('canvas', { id: 'pareto-chart' })),
      ),
      el('div', {}, driftPanel(status.drift), featurePanel(status.model)),
    ),
  );
}

function driftPanel(drift) {
  const body = !drift
    ? el('p', { dataset: { field: 'drift' } }, badge('not judged yet', 'neutral'))
    : el(
        'div',
        {},
        el(
          'p',
          { dataset: { field: 'drift' } },
          badge(drift.verdict, drift.verdict === 'ok' ? 'good' : drift.verdict === 'drift' ? 'bad' : 'warn'),
          drift.worst
            ? ` worst feature ${drift.worst.feature}: ${num(drift.worst.divergenceBits, 3)} bits (n ${int(drift.worst.n?.reference)} / ${int(drift.worst.n?.recent)})`
            : '',
        ),
        drift.reason ? el('p', { class: 'muted', dataset: { field: 'driftReason' } }, drift.reason) : null,
      );
  return el('div', { id: 'drift' }, el('h4', {}, 'Context drift'), body);
}

function featurePanel(model) {
  if (!model) return null;
  const arms = Object.keys(model.coefficients ?? {});
  return el(
    'div',
    { id: 'features' },
    el('h4', {}, `Feature attribution (${model.kind} coefficients)`),
    el(
      'table',
      { class: 'compact', id: 'feature-table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'feature'), ...arms.map((a) => el('th', {}, a)))),
      el(
        'tbody',
        {},
        model.featureNames.map((name, i) =>
          el(
            'tr',
            { dataset: { feature: name } },
            el('td', {}, name),
            ...arms.map((a) => coefficientCell(model.coefficients[a][i])),
          ),
        ),
      ),
    ),
  );
}

function coefficientCell(value) {
  const tone = value > 0 ? 'good' : value < 0 ? 'error' : '';
  return el('td', { class: `num ${tone}` }, num(value, 3));
}

export function drawStatusPanels(status) {
  const canvas = document.getElementById('pareto-chart');
  if (!canvas) return;
  const tokens = status.arms.map((a) => a.meanTokens ?? 0);
  const most = Math.max(1, ...tokens);
  const points = status.arms
    .map((a) => ({
      armId: a.armId,
      x: a.latencyP99Ms ?? a.meanLatencyMs,
      y: a.meanQuality,
      tokens: a.meanTokens ?? 0,
    }))
    .filter((p) => p.x !== null && p.x !== undefined && p.y !== null && p.y !== undefined)
    .map((p) => ({ x: p.x, y: p.y, r: 4 + (14 * p.tokens) / most, label: p.armId, tokens: p.tokens }));
  const baseline = status.config.baselineArmId;
  const usesP99 = status.arms.some((a) => a.latencyP99Ms !== null && a.latencyP99Ms !== undefined);
  paretoChart(
    canvas,
    points.filter((p) => p.label !== baseline),
    points.filter((p) => p.label === baseline),
    { xTitle: usesP99 ? 'p99 latency (ms)' : 'mean latency (ms)' },
  );
}

// ——— sections from the time series ———

const loadingText = () => el('p', { class: 'muted' }, 'loading…');

function seriesState(side, what) {
  if (side === null)
    return el('p', { class: 'muted', dataset: { state: 'not-available' } }, `${what}: not available.`);
  if (side.loading) return loadingText();
  if (side.failed !== undefined)
    return el(
      'p',
      { class: 'error', dataset: { state: 'failed' } },
      `${what}: could not be loaded (${side.failed}).`,
    );
  if (side.series.points.length === 0) return el('p', { class: 'muted' }, 'No decisions in the last 24 h.');
  return null;
}

const chartFigure = (title, id) =>
  el('figure', {}, el('figcaption', {}, title), el('div', { class: 'chart' }, el('canvas', { id })));

const utc = (iso) => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/** Reward, traffic share, latency and parameters over the last 24 h. */
export function historySection(side) {
  const state = seriesState(side, 'Time series');
  if (state) return state;
  const { series } = side;
  return el(
    'div',
    { id: 'history' },
    el(
      'p',
      { class: 'muted' },
      `${int(total(series.points, 'decisions'))} decisions from ${utc(series.since)} to ${utc(series.until)}, in hourly buckets (UTC), from the task type's aggregates.`,
    ),
    el(
      'div',
      { class: 'charts' },
      chartFigure('Mean reward per arm', 'reward-time-chart'),
      chartFigure('Traffic share per arm', 'share-time-chart'),
      chartFigure('p95 latency per arm (ms)', 'latency-time-chart'),
      chartFigure(
        "Parameters served (decision-weighted mean of the arms' current params)",
        'params-time-chart',
      ),
    ),
  );
}

/** Decisions, missing rewards and the smallest propensity; the latest evaluation's diagnostics. */
export function healthSection(side, report) {
  const state = seriesState(side, 'Time series');
  if (side?.loading) return state;
  const diagnostics = (report?.policies ?? []).filter((p) => p.diagnostics);
  const table =
    diagnostics.length === 0
      ? el('p', { class: 'muted' }, 'No evaluation diagnostics yet.')
      : el(
          'table',
          { class: 'compact', id: 'diagnostics' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              ['policy', 'n', 'ESS', 'max weight', 'unsupported mass', 'missing rewards'].map((h) =>
                el('th', {}, h),
              ),
            ),
          ),
          el(
            'tbody',
            {},
            diagnostics.map(({ policy, diagnostics: d }) =>
              el(
                'tr',
                { dataset: { policy } },
                el('td', {}, policy),
                el('td', { class: 'num', dataset: { field: 'n' } }, int(d.n)),
                el('td', { class: 'num', dataset: { field: 'ess' } }, num(d.ess, 1)),
                el('td', { class: 'num' }, num(d.maxWeight, 2)),
                el('td', { class: 'num' }, num(d.unsupportedMass, 3)),
                el('td', { class: 'num' }, int(d.missingRewards ?? report.missingRewards)),
              ),
            ),
          ),
        );
  const facts = state ? state : healthFacts(side.series.points);
  return el(
    'div',
    { id: 'log-health' },
    facts,
    el(
      'div',
      { class: 'charts' },
      el('div', {}, el('h4', {}, 'Latest evaluation diagnostics'), table),
      state ? el('div') : chartFigure('Decisions per hour', 'volume-chart'),
    ),
  );
}

function healthFacts(points) {
  const decisions = total(points, 'decisions');
  const props = points.map((p) => p.minPropensity).filter((p) => typeof p === 'number' && p > 0);
  const smallest = props.length ? Math.min(...props) : null;
  return el(
    'dl',
    { class: 'facts' },
    fact('decisions (24 h)', int(decisions), 'seriesDecisions'),
    fact('missing rewards', int(decisions - total(points, 'rewards')), 'seriesMissing'),
    fact('cost (24 h, USD)', num(total(points, 'costUsd'), 4), 'seriesCost'),
    fact('smallest propensity', smallest === null ? DASH : num(smallest, 4), 'minPropensity'),
    fact('max 1/propensity', smallest === null ? DASH : num(1 / smallest, 1)),
  );
}

function fact(term, value, field) {
  return [el('dt', {}, term), el('dd', field ? { dataset: { field } } : {}, value)];
}

export function drawSeriesCharts(status, side) {
  if (!side?.series?.points?.length || !document.getElementById('reward-time-chart')) return;
  const { points } = side.series;
  const armIds = status.config.arms.map((a) => a.id);
  const params = Object.fromEntries(status.config.arms.map((a) => [a.id, a.params ?? {}]));
  const { labels, buckets } = seriesBuckets(side.series);
  const seen = [...new Set(points.map((p) => p.armId))].sort((a, b) => armIds.indexOf(a) - armIds.indexOf(b));
  const series = (value) =>
    seen.map((id) => ({ label: id, color: armColor(armIds, id), data: buckets.map((b) => value(b, id)) }));
  const decisionsIn = (b) => [...b.values()].reduce((s, p) => s + p.decisions, 0);
  lineChart(
    document.getElementById('reward-time-chart'),
    labels,
    series((b, id) => b.get(id)?.rewardMean ?? null),
    {
      yTitle: 'mean reward',
    },
  );
  stackedShareChart(
    document.getElementById('share-time-chart'),
    labels,
    series((b, id) => (decisionsIn(b) === 0 ? null : (100 * (b.get(id)?.decisions ?? 0)) / decisionsIn(b))),
  );
  lineChart(
    document.getElementById('latency-time-chart'),
    labels,
    series((b, id) => b.get(id)?.latencyMs?.p95 ?? null),
    {
      yTitle: 'p95 latency (ms)',
    },
  );
  // The decision-weighted mean of each arm's params as configured now (the series keeps counts, not params).
  const served = (key) => (b) => {
    const weighted = [...b.values()]
      .map((p) => [p.decisions, params[p.armId]?.[key]])
      .filter(([, v]) => typeof v === 'number' && Number.isFinite(v));
    const n = weighted.reduce((s, [d]) => s + d, 0);
    return n === 0 ? null : weighted.reduce((s, [d, v]) => s + d * v, 0) / n;
  };
  lineChart(
    document.getElementById('params-time-chart'),
    labels,
    [
      { label: 'temperature', color: PALETTE[0], data: buckets.map(served('temperature')) },
      { label: 'maxTokens', color: PALETTE[2], data: buckets.map(served('maxTokens')), axis: 'y1' },
    ],
    { yTitle: 'temperature' },
  );
  histogram(document.getElementById('volume-chart'), labels, buckets.map(decisionsIn), {
    xTitle: 'hour (UTC)',
  });
}
