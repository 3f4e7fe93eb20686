// Pure helpers of the reports, expiry and placements pages: chart data from a report, the calendar's days, queries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chartData } from "../../js/charts.js";
import { calendarDays } from "../../js/pages/expiry.js";
import { reportQuery, defaultBrand } from "../../js/pages/reports.js";

const downloads = {
  columns: ["day", "user", "downloads"],
  rows: [["2026-06-01", "bob", 2], ["2026-06-01", "eve", 1], ["2026-06-03", "bob", 4]],
  chart: { type: "line", x: "day", y: ["downloads"], group: "user" },
};

test("a grouped line chart has one series per user over every day, 0 where they had none", () => {
  assert.deepEqual(chartData(downloads), {
    labels: ["2026-06-01", "2026-06-03"],
    series: [{ name: "bob", values: [2, 4] }, { name: "eve", values: [1, 0] }],
  });
});

test("a histogram counts rows per value in natural order; a bar chart takes its rows as they come", () => {
  const rounds = { columns: ["assetId", "rounds"], rows: [["a", 2], ["b", 10], ["c", 2]], chart: { type: "histogram", x: "rounds", y: [] } };
  assert.deepEqual(chartData(rounds), { labels: ["2", "10"], series: [{ name: "count", values: [2, 1] }] });
  const storage = { columns: ["brand", "megabytes"], rows: [["Acme", 3.5], ["Zest", 1]], chart: { type: "bar", x: "brand", y: ["megabytes"] } };
  assert.deepEqual(chartData(storage), { labels: ["Acme", "Zest"], series: [{ name: "megabytes", values: [3.5, 1] }] });
  assert.deepEqual(chartData({ ...storage, rows: [] }), { labels: [], series: [] });
});

test("the calendar has every day of the range, each with the assets ending then", () => {
  const days = calendarDays("2026-06-29", "2026-07-02", [["2026-07-01", "a1", "Hero", "Acme", "r1", "2026-07-02T00:00:00Z"]],
    ["lastDay", "assetId", "title", "brand", "rightsId", "endsAt"]);
  assert.deepEqual(days.map((d) => d.day), ["2026-06-29", "2026-06-30", "2026-07-01", "2026-07-02"]);
  assert.deepEqual(days[2].items, [{ assetId: "a1", title: "Hero", rightsId: "r1" }]);
  assert.equal(days[0].items.length, 0);
});

test("report queries: expiring takes no dates; the brand defaults to the URL's, then the user's first", () => {
  assert.equal(reportQuery("top-assets", { brand: "acme", from: "2026-06-01", to: "" }).toString(), "brand=acme&from=2026-06-01");
  assert.equal(reportQuery("expiring", { brand: "acme", from: "2026-06-01", to: "2026-06-30" }).toString(), "brand=acme");
  assert.equal(defaultBrand(new URLSearchParams("brand=zest"), { brands: ["acme"] }), "zest");
  assert.equal(defaultBrand(new URLSearchParams(""), { brands: ["acme"] }), "acme");
  assert.equal(defaultBrand(new URLSearchParams(""), { brands: [] }), "");
});
