// Browser checks of the reports, placements and expiry-calendar pages (issue 10) against data the calling e2e test
// (AnalyticsE2ETest) made: Debian chromium headless via playwright-core. Env: API_URL, SCREENSHOT_DIR, ASSET_ID
// (approved, used, placed on "web", rights ending EXPIRY_DAY), ASSET_TITLE, DRAFT_ID (never approved), DOWNLOADER +
// DOWNLOADS (a user of the run and their download count). One JSON line per step, a summary line last.

import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return v;
};
const API_URL = env("API_URL").replace(/\/$/, "");
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || "target/screenshots");
const ASSET_ID = env("ASSET_ID");
const ASSET_TITLE = env("ASSET_TITLE");
const DRAFT_ID = env("DRAFT_ID");
const EXPIRY_DAY = env("EXPIRY_DAY");
const DOWNLOADER = env("DOWNLOADER");
const DOWNLOADS = env("DOWNLOADS");
const MANAGER = "bruno.brand@example.com";
const API_WAIT = 90_000;

let passed = 0;
let failed = 0;
let page;
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(JSON.stringify({ step: name, ok: true, ms: Date.now() - t0 }));
  } catch (e) {
    failed += 1;
    await page?.screenshot({ path: path.join(SHOTS, "analytics-failure.png"), fullPage: true }).catch(() => {});
    console.log(JSON.stringify({ step: name, ok: false, ms: Date.now() - t0, error: String(e?.stack || e) }));
    throw e;
  }
}

mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const t0 = Date.now();
const problems = { dialogs: [], errors: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("dialog", async (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  page.on("pageerror", (e) => problems.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.errors.push(m.text());
  });
  const inert = (where) => {
    assert.deepEqual(problems.dialogs, [], `no dialog on ${where}`);
    assert.deepEqual(problems.errors, [], `no page errors on ${where}`);
  };

  await step("a brand manager signs in and sees Reports, Placements and Expiry in the navigation", async () => {
    await page.goto(`${API_URL}/`);
    await page.waitForURL(/#\/signin/);
    await page.locator(`button[data-user="${MANAGER}"]`).click();
    await page.locator("h1", { hasText: "Briefs" }).waitFor({ timeout: API_WAIT });
    for (const name of ["Reports", "Placements", "Expiry"]) {
      await page.locator("#nav a", { hasText: name }).waitFor();
    }
  });

  await step("reports page charts downloads by user, with the run's downloader and count in the table", async () => {
    await page.locator("#nav a", { hasText: "Reports" }).click();
    const section = page.locator("#report-downloads-by-user");
    await section.locator("figure.chart[data-drawn]").waitFor({ timeout: API_WAIT });
    assert.equal(await section.locator("figure.chart").getAttribute("data-drawn"), "yes");
    assert.ok(await section.locator("figure.chart canvas").count() >= 1, "a uPlot canvas");
    const row = section.locator("table.report-data tbody tr", { hasText: DOWNLOADER });
    await row.first().waitFor();
    assert.equal((await row.first().locator("td").nth(2).textContent()).trim(), DOWNLOADS);
    assert.match(await section.locator(".u-legend").textContent(), new RegExp(DOWNLOADER.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
      "the chart's legend names the downloader");
    for (const name of ["top-assets", "never-used", "review-rounds", "expiring", "storage", "placements"]) {
      const s = page.locator(`#report-${name}`);
      await s.locator("figure.chart[data-drawn]").waitFor();
      assert.notEqual(await s.locator("figure.chart").getAttribute("data-drawn"), "failed", `${name} chart`);
    }
    await page.locator("#report-top-assets table.report-data tbody tr", { hasText: ASSET_ID }).first().waitFor();
    inert("reports");
    await page.screenshot({ path: path.join(SHOTS, "reports.png") });
  });

  await step("a report downloads as CSV with the asset's row", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("#report-top-assets button.csv").click(),
    ]);
    assert.equal(download.suggestedFilename(), "top-assets.csv");
    const csv = readFileSync(await download.path(), "utf8");
    assert.match(csv, /^rank,assetId,title,views,downloads,shares,placements,total\r\n/);
    assert.ok(csv.includes(`,${ASSET_ID},`), "the asset's row is in the CSV");
  });

  await step("placements page lists the asset's web placement and says in words why a draft cannot be published", async () => {
    await page.goto(`${API_URL}/#/placements?asset=${encodeURIComponent(ASSET_ID)}`);
    await page.locator("#asset-placements table tbody tr", { hasText: "web" }).waitFor({ timeout: API_WAIT });
    await page.locator("#recent-placements table tbody tr", { hasText: ASSET_TITLE }).first().waitFor();
    const form = page.locator("#publish-form");
    await form.getByLabel("Asset id").fill(DRAFT_ID);
    await form.getByLabel("Channel").selectOption("web");
    await form.getByLabel("URL").fill("https://www.acme.example/draft");
    await form.getByRole("button", { name: "Publish" }).click();
    const error = page.locator("#publish-result .error-summary");
    await error.waitFor({ timeout: API_WAIT });
    assert.match(await error.textContent(), /⚠/);
    inert("placements");
    await page.screenshot({ path: path.join(SHOTS, "placements.png"), fullPage: true });
  });

  await step("expiry calendar shows the asset on its last day in the next 30 and 90 days", async () => {
    await page.locator("#nav a", { hasText: "Expiry" }).click();
    const cell = page.locator(`#expiry-calendar td[data-day="${EXPIRY_DAY}"]`);
    await cell.waitFor({ timeout: API_WAIT });
    assert.ok((await cell.textContent()).includes(ASSET_TITLE), "the asset is listed on its day");
    assert.match(await cell.locator(".count").textContent(), /ending/);
    await page.screenshot({ path: path.join(SHOTS, "expiry.png") });
    await page.getByRole("link", { name: "Next 90 days" }).click();
    await page.waitForURL(/#\/expiry\?days=90/);
    await page.locator("#expiry-calendar td.day").nth(89).waitFor({ timeout: API_WAIT }); // 90 days drawn
    await page.locator(`#expiry-calendar td[data-day="${EXPIRY_DAY}"]`, { hasText: ASSET_TITLE }).waitFor();
    inert("expiry");
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
  console.log(JSON.stringify({ summary: true, passed, failed, ms: Date.now() - t0 }));
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
