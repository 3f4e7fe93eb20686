// Expiry calendar (#/expiry?days=30|90&brand=): rights ending in the next 30 or 90 days, by day, read from the
// expiry index (GET /reports/expiring). Weeks are rows, days are cells; each cell says its date and how many assets
// have their last day of use then, and lists them — in words, so nothing depends on colour.

import { h } from "../dom.js";
import { defaultBrand } from "./reports.js";
import { ensureStylesheet } from "../charts.js";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Groups rows by their lastDay; returns [{day: "yyyy-mm-dd", items:[…]}] for every day from first to last. */
export function calendarDays(from, to, rows, columns) {
  const col = (n) => columns.indexOf(n);
  const byDay = new Map();
  for (const r of rows) {
    const day = r[col("lastDay")];
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push({ assetId: r[col("assetId")], title: r[col("title")], rightsId: r[col("rightsId")] });
  }
  const out = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    out.push({ day, items: byDay.get(day) ?? [] });
  }
  return out;
}

export async function expiryPage({ api, session, query, navigate }) {
  ensureStylesheet("css/analytics.css");
  const days = query.get("days") === "90" ? 90 : 30;
  const brand = defaultBrand(query, session.user());
  const q = new URLSearchParams({ days: String(days) });
  if (brand) q.set("brand", brand);
  const r = await api.get(`/reports/expiring?${q}`);
  const cells = calendarDays(r.from, r.to, r.rows, r.columns);
  const weeks = [];
  let week = new Array((new Date(`${r.from}T00:00:00Z`).getUTCDay() + 6) % 7).fill(null); // pad to Monday
  for (const c of cells) {
    week.push(c);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...new Array(7 - week.length).fill(null)]);

  const toggle = h("p", { class: "actions" },
    [30, 90].map((n) => h("a", { href: `#/expiry?${new URLSearchParams({ days: String(n), ...(brand ? { brand } : {}) })}`,
      class: "btn", "aria-current": n === days ? "true" : null }, `Next ${n} days${n === days ? " (shown)" : ""}`)));
  return h("section", { class: "expiry" },
    h("h1", null, "Expiry calendar"),
    h("p", null, `${r.rows.length} rights record(s) end between ${r.from} and ${r.to}${brand ? ` for ${brand}` : ""}. Each day shows the assets whose rights last until that day.`),
    toggle,
    h("table", { class: "calendar", id: "expiry-calendar" },
      h("caption", null, `Last days of use, ${r.from} to ${r.to}`),
      h("thead", null, h("tr", null, WEEKDAYS.map((d) => h("th", { scope: "col" }, d)))),
      h("tbody", null, weeks.map((w) => h("tr", null, w.map((c) => c
        ? h("td", { class: c.items.length ? "day has-expiry" : "day", dataset: { day: c.day } },
          h("div", { class: "date" }, c.day.slice(5)),
          c.items.length ? h("div", { class: "count" }, `⚠ ${c.items.length} ending`) : h("div", { class: "count muted" }, "none"),
          c.items.length ? h("ul", null, c.items.map((i) => h("li", null,
            h("a", { href: `#/placements?asset=${encodeURIComponent(i.assetId)}` }, i.title), ` (${i.rightsId})`))) : null)
        : h("td", { class: "pad", "aria-hidden": "true" })))))),
    h("p", null, h("a", { href: "#/reports" }, "All reports")));
}
