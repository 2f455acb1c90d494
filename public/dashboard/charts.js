// Charts with Chart.js (public/vendor/chart.umd.min.js, from npm): traffic share per arm, and
// forest plots (a point with its interval per row) for posterior means and evaluation estimates.

const { Chart } = window;
const INK = '#1f2937';
const ACCENT = '#2563eb';
const MUTED = 'rgba(37, 99, 235, 0.25)';

Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = INK;

/** Keeps one chart per canvas id, updating it in place on refresh. */
const charts = new Map();

function draw(canvas, config) {
  const existing = charts.get(canvas.id);
  if (existing && existing.canvas === canvas) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update();
    return existing;
  }
  existing?.destroy();
  const chart = new Chart(canvas, config);
  charts.set(canvas.id, chart);
  return chart;
}

/** Bars: each arm's share of pulls, in percent. */
export function shareChart(canvas, arms) {
  const total = arms.reduce((sum, a) => sum + a.pulls, 0);
  return draw(canvas, {
    type: 'bar',
    data: {
      labels: arms.map((a) => a.armId),
      datasets: [
        {
          label: 'share of pulls (%)',
          data: arms.map((a) => (total > 0 ? (100 * a.pulls) / total : 0)),
          backgroundColor: ACCENT,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { min: 0, max: 100, title: { display: true, text: '% of pulls' } } },
    },
  });
}

/**
 * A forest plot: rows of { label, value, low, high }, the interval as a floating bar and the
 * estimate as a point; `reference` draws a vertical line (e.g. the baseline's value).
 */
export function forestPlot(canvas, rows, { xTitle = 'value', reference = null } = {}) {
  const labels = rows.map((r) => r.label);
  const datasets = [
    {
      type: 'bar',
      label: 'interval',
      data: rows.map((r) => [r.low, r.high]),
      backgroundColor: MUTED,
      borderColor: ACCENT,
      borderWidth: 1,
      barPercentage: 0.35,
    },
    {
      type: 'scatter',
      label: 'estimate',
      data: rows.map((r) => ({ x: r.value, y: r.label })),
      backgroundColor: INK,
      pointRadius: 4,
    },
  ];
  if (reference !== null)
    datasets.push({
      type: 'line',
      label: 'reference',
      data: labels.map((label) => ({ x: reference, y: label })),
      borderColor: '#dc2626',
      borderDash: [4, 4],
      pointRadius: 0,
    });
  return draw(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const r = rows[item.dataIndex];
              return `${r.value.toFixed(4)} [${r.low.toFixed(4)}, ${r.high.toFixed(4)}]`;
            },
          },
        },
      },
      scales: { x: { type: 'linear', title: { display: true, text: xTitle } }, y: { type: 'category' } },
    },
  });
}

/** Distinct colours for arms, by their position in the config. */
export const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#9333ea',
  '#dc2626',
  '#0891b2',
  '#4b5563',
  '#db2777',
];

const timeScales = (yTitle, extra = {}) => ({
  x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 4 } },
  y: { title: { display: true, text: yTitle }, ...extra },
});

/** Lines over time buckets: series of { label, data (null for a gap), color }. */
export function lineChart(canvas, labels, series, { yTitle = 'value', y = {} } = {}) {
  return draw(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.data,
        borderColor: s.color,
        backgroundColor: s.color,
        yAxisID: s.axis ?? 'y',
        spanGaps: true,
        pointRadius: 2,
        borderWidth: 1.5,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { labels: { boxWidth: 12 } } },
      scales: { ...timeScales(yTitle, y), ...(series.some((s) => s.axis === 'y1') ? y1Scale(series) : {}) },
    },
  });
}

function y1Scale(series) {
  const title = series.find((s) => s.axis === 'y1')?.label ?? '';
  return {
    y1: { position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: title } },
  };
}

/** Stacked bars over time buckets: each arm's share of the bucket's decisions, in percent. */
export function stackedShareChart(canvas, labels, series) {
  return draw(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { labels: { boxWidth: 12 } } },
      scales: {
        x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 4 } },
        y: { stacked: true, min: 0, max: 100, title: { display: true, text: '% of decisions' } },
      },
    },
  });
}

/** Writes each point's `label` next to it (no plugin to load). */
const pointLabels = {
  id: 'pointLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = INK;
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      meta.data.forEach((element, j) => {
        const label = dataset.data[j]?.label;
        if (label) ctx.fillText(label, element.x + (dataset.data[j].r ?? 4) + 3, element.y - 3);
      });
    });
    ctx.restore();
  },
};

/**
 * Arms as bubbles: x latency, y quality, radius from tokens; the baseline in its own dataset
 * (a red diamond). Points are { x, y, r, label, tokens }.
 */
export function paretoChart(canvas, arms, baseline, { xTitle = 'latency (ms)' } = {}) {
  const tooltip = (item) => {
    const p = item.raw;
    return `${p.label}: quality ${p.y.toFixed(3)}, ${Math.round(p.x)} ms, ${Math.round(p.tokens)} tokens`;
  };
  return draw(canvas, {
    type: 'bubble',
    data: {
      datasets: [
        { label: 'arms', data: arms, backgroundColor: MUTED, borderColor: ACCENT },
        {
          label: 'baseline',
          data: baseline,
          backgroundColor: 'rgba(220, 38, 38, 0.25)',
          borderColor: '#dc2626',
          pointStyle: 'rectRot',
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { right: 60, top: 10 } },
      plugins: { legend: { labels: { boxWidth: 12 } }, tooltip: { callbacks: { label: tooltip } } },
      scales: {
        x: { title: { display: true, text: xTitle }, grace: '10%' },
        y: { title: { display: true, text: 'mean quality' }, grace: '10%' },
      },
    },
    plugins: [pointLabels],
  });
}

/** Bars of counts per bin. */
export function histogram(canvas, labels, counts, { xTitle = 'bin' } = {}) {
  return draw(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label: 'decisions', data: counts, backgroundColor: ACCENT }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: {
        x: { title: { display: true, text: xTitle } },
        y: { beginAtZero: true, title: { display: true, text: 'decisions' }, ticks: { precision: 0 } },
      },
    },
  });
}

export function forgetCharts() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}
