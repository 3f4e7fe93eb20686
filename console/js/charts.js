// Charts for reports, drawn with uPlot (vendored from npm into vendor/uplot by scripts/vendor.mjs). A chart is a
// picture of the table next to it, never the only copy: every value is also in the table as text, series differ by
// dash pattern and point shape as well as colour, and the legend names them.

import { h } from "./dom.js";

const SERIES_STYLE = [
  { stroke: "#0b5cad", dash: [], points: "circle" },
  { stroke: "#b3261e", dash: [8, 4], points: "square" },
  { stroke: "#1a7f37", dash: [2, 3], points: "triangle" },
  { stroke: "#8250df", dash: [12, 3, 3, 3], points: "diamond" },
  { stroke: "#9a6700", dash: [4, 4], points: "circle" },
  { stroke: "#57606a", dash: [1, 2], points: "square" },
];
const MAX_BARS = 12;
const MAX_LINES = 6;

/** Adds a same-origin stylesheet once (the CSP allows 'self' styles; index.html stays the shared shell). */
export function ensureStylesheet(href) {
  if (!document.querySelector(`link[data-href="${href}"]`)) {
    document.head.append(h("link", { rel: "stylesheet", href, dataset: { href } }));
  }
}

let uplotModule;
/** Loads uPlot and its stylesheet once; a console without the vendored library still shows every table. */
async function loadUplot() {
  if (!uplotModule) {
    ensureStylesheet("vendor/uplot/uPlot.min.css");
    uplotModule = import("../vendor/uplot/uPlot.esm.js").then((m) => m.default);
  }
  return uplotModule;
}

/**
 * The report as chart data: {labels: x tick labels, series: [{name, values}]}. Pure (unit-tested): bar = one bar
 * group per row (first MAX_BARS rows), histogram = rows counted per x value, line = one line per group value (the
 * busiest MAX_LINES) over the sorted x values.
 */
export function chartData(report) {
  const chart = report.chart;
  const col = (name) => report.columns.indexOf(name);
  if (!chart || report.rows.length === 0) return { labels: [], series: [] };
  const x = col(chart.x);
  if (chart.type === "histogram") {
    const counts = new Map();
    for (const row of report.rows) counts.set(String(row[x]), (counts.get(String(row[x])) ?? 0) + 1);
    const labels = [...counts.keys()].sort(naturalCompare);
    return { labels, series: [{ name: "count", values: labels.map((l) => counts.get(l)) }] };
  }
  if (chart.type === "bar") {
    const rows = report.rows.slice(0, MAX_BARS);
    return { labels: rows.map((r) => String(r[x])), series: chart.y.map((y) => ({ name: y, values: rows.map((r) => Number(r[col(y)]) || 0) })) };
  }
  // line
  const labels = [...new Set(report.rows.map((r) => String(r[x])))].sort();
  if (!chart.group) {
    return { labels, series: chart.y.map((y) => ({ name: y, values: labels.map((l) => sumWhere(report.rows, x, l, col(y))) })) };
  }
  const g = col(chart.group);
  const y = col(chart.y[0]);
  const totals = new Map();
  for (const r of report.rows) totals.set(String(r[g]), (totals.get(String(r[g])) ?? 0) + Number(r[y]));
  const groups = [...totals.entries()].sort((a, b) => b[1] - a[1] || naturalCompare(a[0], b[0])).slice(0, MAX_LINES).map(([k]) => k);
  return {
    labels,
    series: groups.map((name) => ({
      name,
      values: labels.map((l) => report.rows.filter((r) => String(r[x]) === l && String(r[g]) === name).reduce((s, r) => s + Number(r[y]), 0)),
    })),
  };
}

function sumWhere(rows, x, label, y) {
  return rows.filter((r) => String(r[x]) === label).reduce((s, r) => s + (Number(r[y]) || 0), 0);
}

function naturalCompare(a, b) {
  return String(a).localeCompare(String(b), "en", { numeric: true });
}

/** Draws the chart of `report` into `container` (a <figure>); returns false when there is nothing to draw. */
export async function drawChart(container, report) {
  const data = chartData(report);
  if (data.labels.length === 0) return false;
  const uPlot = await loadUplot();
  const bars = report.chart.type !== "line";
  const xs = data.labels.map((_, i) => i);
  const short = (s) => (s.length > 14 ? `${s.slice(0, 13)}…` : s);
  const opts = {
    width: Math.max(320, Math.min(container.clientWidth || 640, 760)),
    height: 240,
    scales: { x: { time: false, range: [-0.6, Math.max(xs.length - 0.4, 0.6)] } },
    axes: [
      { values: (_, ticks) => ticks.map((t) => (Number.isInteger(t) && data.labels[t] !== undefined ? short(data.labels[t]) : "")), incrs: [1], rotate: 0 },
      { size: 56 },
    ],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: report.chart.x },
      ...data.series.map((s, i) => {
        const style = SERIES_STYLE[i % SERIES_STYLE.length];
        return {
          label: s.name,
          stroke: style.stroke,
          fill: bars ? `${style.stroke}55` : undefined,
          dash: style.dash,
          width: 2,
          points: { show: !bars, size: 7 },
          paths: bars ? uPlot.paths.bars({ size: [0.7, 60], gap: 2 }) : undefined,
        };
      }),
    ],
  };
  new uPlot(opts, [xs, ...data.series.map((s) => s.values)], container);
  return true;
}
