// Panels of issue 6 for one task type. From the status: the quality–latency–tokens Pareto view,
// feature attribution (linear policies) and drift. From the last 24 h of the decisions export
// (JSON Lines, loaded after the status): reward and traffic share per arm over time, the
// parameters served over time, and the counterfactual log's health with a propensity histogram.
import { ApiError, session } from './api.js';
import { histogram, lineChart, PALETTE, paretoChart, stackedShareChart } from './charts.js';
import { badge, DASH, el, int, num } from './format.js';

const BUCKETS = 20;
const DAY_MS = 24 * 3600 * 1000;
/** The shortest span the buckets cover (the first to the last decision, usually close to 24 h). */
const MIN_SPAN_MS = 1000;
/** Propensity bins per factor of ten. */
const BINS_PER_DECADE = 2;

/**
 * The last 24 h of decisions: `{ lines, since }`; `{ unavailable }` on 503 (the outbox has not
 * reached Postgres yet), `{ failed }` on any other error.
 */
export async function loadDecisions(path) {
  // The export flushes the task type's outbox and reads Postgres: once a minute is plenty for
  // charts over a day, while the status refreshes every few seconds.
  const cached = exportCache.get(path);
  if (cached && Date.now() - cached.atMs < EXPORT_REFRESH_MS) return cached.result;
  const result = await fetchDecisions(path);
  exportCache.set(path, { atMs: Date.now(), result });
  return result;
}

const EXPORT_REFRESH_MS = 60_000;
const exportCache = new Map();

async function fetchDecisions(path) {
  const since = new Date(Date.now() - DAY_MS).toISOString();
  try {
    const res = await fetch(`${path}/decisions?since=${encodeURIComponent(since)}`, {
      headers: { authorization: `Bearer ${session.key}` },
    });
    if (res.status === 503) return { unavailable: true };
    const text = await res.text();
    if (!res.ok) {
      let problem = null;
      try {
        problem = JSON.parse(text);
      } catch {}
      throw new ApiError(res.status, problem);
    }
    return { lines: parseJsonLines(text), since };
  } catch (error) {
    return { failed: error.message };
  }
}

export function parseJsonLines(text) {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** The decisions in BUCKETS equal time slices from the first to the last (at least a second). */
export function bucketize(lines, count = BUCKETS) {
  const times = lines.map((d) => Date.parse(d.timestamp));
  const start = Math.min(...times);
  const span = Math.max(MIN_SPAN_MS, Math.max(...times) - start + 1);
  const width = span / count;
  const buckets = Array.from({ length: count }, () => []);
  lines.forEach((d, i) => {
    buckets[Math.min(count - 1, Math.floor((times[i] - start) / width))].push(d);
  });
  // HH:MM, with seconds under an hour, with milliseconds under a minute
  const end = span < 60_000 ? 23 : span < 3600 * 1000 ? 19 : 16;
  const labels = buckets.map((_, i) => new Date(start + i * width).toISOString().slice(11, end));
  return { labels, buckets };
}

const mean = (values) => (values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length);

const armColor = (armIds, id) => PALETTE[Math.max(0, armIds.indexOf(id)) % PALETTE.length];

/** Log-spaced propensity bins, from the decade of the smallest propensity up to 1. */
export function propensityBins(propensities) {
  const positive = propensities.filter((p) => typeof p === 'number' && p > 0);
  if (positive.length === 0) return { labels: [], counts: [] };
  const lowest = Math.min(-1, Math.floor(Math.log10(Math.min(...positive)) * BINS_PER_DECADE));
  const edges = [];
  for (let k = lowest; k <= 0; k += 1) edges.push(10 ** (k / BINS_PER_DECADE));
  // edges[i] .. edges[i + 1]; the last bin holds propensity 1 exactly.
  const counts = new Array(Math.max(1, edges.length - 1)).fill(0);
  for (const p of positive) {
    const k = Math.floor(Math.log10(p) * BINS_PER_DECADE) - lowest;
    counts[Math.min(counts.length - 1, Math.max(0, k))] += 1;
  }
  const short = (v) => (v >= 0.01 ? String(Number(v.toPrecision(2))) : v.toExponential(0));
  const labels = counts.map((_, i) => `${short(edges[i])}–${short(edges[i + 1] ?? 1)}`);
  return { labels, counts };
}

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

// ——— sections from the decisions export ———

const loadingText = () => el('p', { class: 'muted' }, 'loading…');

function exportState(decisions, what) {
  if (decisions === null)
    return el('p', { class: 'muted', dataset: { state: 'not-available' } }, `${what}: not available.`);
  if (decisions.loading) return loadingText();
  if (decisions.unavailable)
    return el('p', { class: 'muted', dataset: { state: 'unavailable' } }, 'log not in Postgres yet — retry');
  if (decisions.failed !== undefined)
    return el(
      'p',
      { class: 'error', dataset: { state: 'failed' } },
      `${what}: could not be loaded (${decisions.failed}).`,
    );
  if (decisions.lines.length === 0) return el('p', { class: 'muted' }, 'No decisions in the last 24 h.');
  return null;
}

const chartFigure = (title, id) =>
  el('figure', {}, el('figcaption', {}, title), el('div', { class: 'chart' }, el('canvas', { id })));

/** Reward, traffic share and parameters over the last 24 h. */
export function historySection(decisions) {
  const state = exportState(decisions, 'Decision log');
  if (state) return state;
  return el(
    'div',
    { id: 'history' },
    el(
      'p',
      { class: 'muted' },
      `${int(decisions.lines.length)} decisions since ${decisions.since.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}, in ${BUCKETS} time buckets (UTC).`,
    ),
    el(
      'div',
      { class: 'charts three' },
      chartFigure('Mean reward per arm', 'reward-time-chart'),
      chartFigure('Traffic share per arm', 'share-time-chart'),
      chartFigure('Parameters served (mean per bucket)', 'params-time-chart'),
    ),
  );
}

/** Sample size, missing rewards, the latest evaluation's diagnostics, and the propensities. */
export function healthSection(decisions, report) {
  const state = exportState(decisions, 'Decision log');
  if (decisions?.loading) return state;
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
  const facts = state
    ? state
    : (() => {
        const lines = decisions.lines;
        const missing = lines.filter((d) => d.reward === null || d.reward === undefined).length;
        const props = lines.map((d) => d.propensity).filter((p) => typeof p === 'number' && p > 0);
        return el(
          'dl',
          { class: 'facts' },
          fact('decisions (24 h)', int(lines.length), 'exportCount'),
          fact('missing rewards', int(missing), 'exportMissing'),
          fact('smallest propensity', props.length ? num(Math.min(...props), 4) : DASH, 'minPropensity'),
          fact('max 1/propensity', props.length ? num(1 / Math.min(...props), 1) : DASH),
        );
      })();
  return el(
    'div',
    { id: 'log-health' },
    facts,
    el(
      'div',
      { class: 'charts' },
      el('div', {}, el('h4', {}, 'Latest evaluation diagnostics'), table),
      state ? el('div') : chartFigure('Logged propensities (log-spaced bins)', 'propensity-chart'),
    ),
  );
}

function fact(term, value, field) {
  return [el('dt', {}, term), el('dd', field ? { dataset: { field } } : {}, value)];
}

export function drawExportCharts(status, decisions) {
  if (!decisions?.lines?.length || !document.getElementById('reward-time-chart')) return;
  const armIds = status.config.arms.map((a) => a.id);
  const params = Object.fromEntries(status.config.arms.map((a) => [a.id, a.params ?? {}]));
  const { labels, buckets } = bucketize(decisions.lines);
  const seen = armIds.filter((id) => decisions.lines.some((d) => d.armId === id));
  const series = (value) =>
    seen.map((id) => ({ label: id, color: armColor(armIds, id), data: buckets.map((b) => value(b, id)) }));
  lineChart(
    document.getElementById('reward-time-chart'),
    labels,
    series((b, id) =>
      mean(b.filter((d) => d.armId === id && typeof d.reward === 'number').map((d) => d.reward)),
    ),
    { yTitle: 'mean reward' },
  );
  stackedShareChart(
    document.getElementById('share-time-chart'),
    labels,
    series((b, id) => (b.length === 0 ? null : (100 * b.filter((d) => d.armId === id).length) / b.length)),
  );
  const served = (key) => (b) =>
    mean(b.map((d) => params[d.armId]?.[key]).filter((v) => typeof v === 'number' && Number.isFinite(v)));
  lineChart(
    document.getElementById('params-time-chart'),
    labels,
    [
      { label: 'temperature', color: PALETTE[0], data: buckets.map(served('temperature')) },
      { label: 'maxTokens', color: PALETTE[2], data: buckets.map(served('maxTokens')), axis: 'y1' },
    ],
    { yTitle: 'temperature' },
  );
  const bins = propensityBins(decisions.lines.map((d) => d.propensity));
  histogram(document.getElementById('propensity-chart'), bins.labels, bins.counts, {
    xTitle: 'propensity',
  });
}
