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

export function forgetCharts() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}
