// Reports (#/reports?brand=&from=&to=): one section per report — headline figures, a chart (uPlot) and the same data
// as a table, plus a CSV download. The aggregates behind them trail a use by a few seconds (the analytics function
// reads the table stream in 1-second batches), so "Refresh" shows a download made a moment ago.

import { h, replace, uid } from "../dom.js";
import { seg } from "../api.js";
import { drawChart, ensureStylesheet } from "../charts.js";

export const REPORTS = [
  "downloads-by-user", "downloads-by-team", "downloads-by-channel", "top-assets", "never-used", "approval-cycle",
  "review-rounds", "reviewer-response", "expiring", "storage", "placements", "searches",
];
const MAX_TABLE_ROWS = 50;

/** The caller's default brand: the ?brand= in the URL, else their first brand scope. */
export function defaultBrand(query, user) {
  return query.get("brand") ?? user?.brands?.[0] ?? "";
}

export function reportQuery(name, { brand, from, to }) {
  const q = new URLSearchParams();
  if (brand) q.set("brand", brand);
  if (name !== "expiring") {
    if (from) q.set("from", from);
    if (to) q.set("to", to);
  }
  return q;
}

export async function reportsPage({ api, session, query, navigate, config }) {
  ensureStylesheet("css/analytics.css");
  const params = { brand: defaultBrand(query, session.user()), from: query.get("from") ?? "", to: query.get("to") ?? "" };
  const field = (label, name, type, value) => {
    const id = uid("rep");
    return h("div", { class: "field" }, h("label", { for: id }, label),
      h("input", { id, name, type, value, autocomplete: "off" }));
  };
  const form = h("form", { class: "filters", id: "report-filters" },
    field("Brand", "brand", "text", params.brand),
    field("From", "from", "date", params.from),
    field("To", "to", "date", params.to),
    h("button", { type: "submit" }, "Show"),
    h("button", { type: "button", id: "report-refresh", onclick: () => load() }, "Refresh"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const q = new URLSearchParams();
    for (const k of ["brand", "from", "to"]) if (data.get(k)) q.set(k, data.get(k));
    navigate(`#/reports?${q}`);
  });
  const status = h("p", { role: "status", id: "report-status" });
  const sections = h("div", { id: "reports" });

  async function load() {
    status.textContent = "Loading reports…";
    const results = await Promise.all(REPORTS.map((name) =>
      api.get(`/reports/${seg(name)}?${reportQuery(name, params)}`).then((r) => ({ name, r }), (e) => ({ name, e }))));
    replace(sections, results.map(({ name, r, e }) => section(session, config, name, r, e, params)));
    for (const { name, r } of results) {
      if (!r) continue;
      const figure = sections.querySelector(`#report-${name} .chart`);
      try {
        const drawn = await drawChart(figure, r);
        figure.dataset.drawn = drawn ? "yes" : "empty";
      } catch (err) {
        console.warn(`chart ${name}`, err);
        figure.dataset.drawn = "failed";
        figure.append(h("p", { class: "muted" }, "The chart could not be drawn; the table below has the figures."));
      }
    }
    const first = results.find((x) => x.r)?.r;
    status.textContent = first ? `Reports for ${first.brands.join(", ")}, ${first.from} to ${first.to}; generated ${first.generatedAt}.`
      : "No report could be loaded.";
  }

  const page = h("section", { class: "reports" },
    h("div", { class: "page-head" }, h("h1", null, "Reports"), h("a", { href: "#/expiry" }, "Expiry calendar")),
    h("p", { class: "muted" }, "Figures come from usage aggregates updated within seconds of each view, download, share-link use, placement and search."),
    form, status, sections);
  await load();
  return page;
}

function section(session, config, name, report, error, params) {
  const headingId = uid("rh");
  if (error) {
    return h("section", { id: `report-${name}`, class: "report", "aria-labelledby": headingId },
      h("h2", { id: headingId }, name), h("p", { class: "error-text", role: "alert" }, `⚠ ${error.message}`,
        ...error.errors.map((x) => ` ${x.field}: ${x.message}`)));
  }
  const summary = Object.entries(report.summary).map(([k, v]) => `${k}: ${v}`).join(" · ");
  return h("section", { id: `report-${name}`, class: "report", "aria-labelledby": headingId },
    h("h2", { id: headingId }, report.title),
    h("p", { class: "summary" }, summary || "No figures."),
    h("figure", { class: "chart", role: "img", "aria-label": `${report.title}: chart of the table below` }),
    table(report),
    h("p", null, h("button", { type: "button", class: "csv", onclick: (e) => downloadCsv(e.currentTarget, session, config, name, params) },
      `Download CSV (${report.title})`)));
}

function table(report) {
  if (report.rows.length === 0) return h("p", { class: "muted empty" }, "No data in this period.");
  const rows = report.rows.slice(0, MAX_TABLE_ROWS);
  return h("table", { class: "list report-data" },
    h("caption", { class: "sr-only" }, report.title),
    h("thead", null, h("tr", null, report.columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, rows.map((r) => h("tr", null, r.map((cell) => h("td", null, cell == null ? "" : String(cell)))))),
    report.rows.length > rows.length ? h("tfoot", null, h("tr", null, h("td", { colspan: String(report.columns.length) },
      `… ${report.rows.length - rows.length} more rows in the CSV`))) : null);
}

/** The API needs the Bearer token, so the CSV is fetched with it and handed to the browser as a file. */
async function downloadCsv(button, session, config, name, params) {
  const q = reportQuery(name, params);
  q.set("format", "csv");
  const note = button.parentElement.querySelector(".csv-error") ?? button.parentElement.appendChild(h("span", { class: "csv-error error-text", role: "alert" }));
  note.textContent = "";
  const res = await fetch(`${config.apiUrl}/reports/${seg(name)}?${q}`, {
    headers: { Authorization: `Bearer ${session.token()}` }, credentials: "omit",
  });
  if (!res.ok) {
    note.textContent = ` ⚠ The CSV could not be made (HTTP ${res.status}).`;
    return;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `${name}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
