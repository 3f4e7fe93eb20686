// The console's acceptance walk (issue 10) in Debian's headless Chromium, driven by playwright-core, against a
// running local cloud: a brief → two files dropped on the upload page (bars reach 100%) → a reviewer draws an
// annotation and requests changes → the creator answers and drops version 2 → compare shows the diff overlay → the
// reviewer approves through the outbox mail's link → a brand manager finds the asset by its AI tag, downloads a
// 1080×1080 PNG and creates a share link, which opens in a fresh browser context. Script-looking text in the brief
// title, an annotation and a decision comment renders as text on every page.
// Env: API_URL, EDGE_URL, SCREENSHOT_DIR, PHOTO (a PNG with a face; default skimage's astronaut).
// Prints one JSON line per step and a last {"summary":…} line; exit code 0 only when every step passed.

import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";

const API_URL = required("API_URL").replace(/\/$/, "");
const EDGE_URL = required("EDGE_URL").replace(/\/$/, "");
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || "target/screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// Mailed review links and share links use the deployment's public base URL; a test cloud's API listens elsewhere.
const PUBLIC_URL = (process.env.PUBLIC_BASE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const PHOTO = process.env.PHOTO || "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";
// Ingest, review mails and cold Lambda workers take seconds each; none should take a minute.
const SLOW = 90_000;
// The first photo in a cold cloud waits for the face and label models to load in the ingest worker.
const INGEST = 240_000;
const XSS = "<img src=x onerror=alert(1)>";
const RUN = `w${Math.random().toString(36).slice(2, 8)}`;
const ALICE = "alice@example.com";
const RITA = "rita.reviewer@example.com";
const BRUNO = "bruno.brand@example.com";

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return v;
}

let passed = 0;
let failed = 0;
let lastPage;
async function step(name, page, fn) {
  const t0 = Date.now();
  lastPage = page;
  try {
    await fn();
    passed += 1;
    console.log(JSON.stringify({ step: name, ok: true, ms: Date.now() - t0 }));
  } catch (e) {
    failed += 1;
    await lastPage?.screenshot({ path: path.join(SHOTS, "walk-failure.png"), fullPage: true }).catch(() => {});
    console.log(JSON.stringify({ step: name, ok: false, ms: Date.now() - t0, error: String(e?.stack || e) }));
    throw e;
  }
}

/** Sends the public base URL's requests to this cloud's API (what DNS would do for a deployment). */
async function mapPublicUrl(context) {
  if (PUBLIC_URL === API_URL) return;
  await context.route((url) => url.origin === new URL(PUBLIC_URL).origin,
    async (route) => route.fulfill({ response: await route.fetch({
      url: API_URL + route.request().url().slice(PUBLIC_URL.length), maxRedirects: 0 }) }));
}

/** A browser context for one person: this cloud's edge URL in config.js, traps for dialogs and page errors. */
async function personContext(browser, { acceptDownloads = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", acceptDownloads });
  await mapPublicUrl(context);
  await context.route(`${API_URL}/config.js`, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(/edgeUrl: "[^"]*"/, `edgeUrl: ${JSON.stringify(EDGE_URL)}`);
    await route.fulfill({ response: res, body });
  });
  const page = await context.newPage();
  lastPage = page;
  page.setDefaultTimeout(20_000);
  const problems = { dialogs: [], errors: [] };
  page.on("dialog", async (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  page.on("pageerror", (e) => problems.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.errors.push(m.text());
  });
  return { context, page, problems };
}

async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** No dialog, no page error, no injected <img>; with `visible`, the script-looking text shows as text. */
async function assertInert(page, problems, where, { visible = true } = {}) {
  assert.deepEqual(problems.dialogs, [], `no dialog on ${where}`);
  assert.deepEqual(problems.errors, [], `no page errors on ${where}`);
  assert.equal(await page.locator('img[src="x"]').count(), 0, `no injected <img> on ${where}`);
  if (visible) await page.getByText(XSS, { exact: false }).first().waitFor({ state: "visible" });
}

async function signIn(page, user) {
  await page.goto(`${API_URL}/`);
  await page.waitForURL(/#\/signin/);
  await page.locator(`button[data-user="${user}"]`).click();
  await page.locator("h1", { hasText: "Briefs" }).waitFor({ timeout: SLOW });
}

/** The API as the signed-in person of `page` (for the walk's own waiting, never for what a person does). */
async function apiAs(page, method, p, data) {
  const token = await page.evaluate(() => sessionStorage.getItem("dam.idToken"));
  const res = await page.request.fetch(`${API_URL}${p}`, { method, data, headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status(), json: res.headers()["content-type"]?.includes("json") ? await res.json() : null };
}

async function until(what, fn, timeout = SLOW, every = 500) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/**
 * Pictures made in a blank page's canvas: the photo with a small mark of this run's colour (so it is nobody
 * else's exact duplicate), the same with a large patch painted on (version 2), and a plain gradient JPEG.
 */
async function makePictures(browser) {
  const page = await browser.newPage();
  const photo = readFileSync(PHOTO).toString("base64");
  const out = await page.evaluate(async ({ photo, seed }) => {
    const bytes = Uint8Array.from(atob(photo), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const encode = async (canvas, type) => {
      const blob = await canvas.convertToBlob({ type, quality: 0.9 });
      const buf = new Uint8Array(await blob.arrayBuffer());
      let s = "";
      for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
      return btoa(s);
    };
    const photoWith = async (patch) => {
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = c.getContext("2d");
      g.drawImage(bitmap, 0, 0);
      g.fillStyle = `rgb(${seed % 256}, ${(seed >> 8) % 256}, ${(seed >> 16) % 256})`;
      g.fillRect(0, bitmap.height - 6, 6, 6);
      if (patch) {
        g.fillStyle = "#10c010";
        g.fillRect(bitmap.width * 0.55, bitmap.height * 0.55, bitmap.width * 0.3, bitmap.height * 0.25);
      }
      return encode(c, "image/png");
    };
    const banner = new OffscreenCanvas(640, 360);
    const g = banner.getContext("2d");
    const grad = g.createLinearGradient(0, 0, 640, 360);
    grad.addColorStop(0, "#ff9900");
    grad.addColorStop(1, `rgb(0, ${seed % 200}, 255)`);
    g.fillStyle = grad;
    g.fillRect(0, 0, 640, 360);
    return { v1: await photoWith(false), v2: await photoWith(true), banner: await encode(banner, "image/jpeg") };
  }, { photo, seed: Number.parseInt(RUN.slice(1), 36) });
  await page.close();
  return out;
}

/** Drops files on the page's drop zone the way a drag from the desktop does (a DataTransfer with Files). */
async function dropFiles(page, files) {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files);
  await page.dispatchEvent("#drop-zone", "dragenter", { dataTransfer: transfer });
  await page.dispatchEvent("#drop-zone", "dragover", { dataTransfer: transfer });
  await page.dispatchEvent("#drop-zone", "drop", { dataTransfer: transfer });
}

/** Waits until an upload row's bar shows 100% and ingest is done with it; returns the row's asset id. */
async function uploadedAndReady(page, fileName) {
  const row = page.locator(`li.upload[data-file="${fileName}"]`);
  await row.waitFor();
  await page.waitForFunction((name) => document.querySelector(`li.upload[data-file="${name}"] progress`)?.value === 100,
    fileName, { timeout: SLOW });
  assert.equal(await row.locator(".pct").textContent(), "100%");
  await page.waitForFunction((name) => ["ready", "rejected", "quarantined", "failed"]
    .includes(document.querySelector(`li.upload[data-file="${name}"]`)?.dataset.state), fileName, { timeout: INGEST });
  assert.equal(await row.getAttribute("data-state"), "ready", await row.locator(".upload-state").textContent());
  return row.getAttribute("data-asset-id");
}

/** PNG width and height from the IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(buf) {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG signature");
  assert.equal(buf.subarray(12, 16).toString("latin1"), "IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const title = `${XSS} Autumn launch ${RUN}`;
const heroName = `${RUN}-hero.png`;
const bannerName = `${RUN}-banner.jpg`;
const pointText = `${XSS} move the logo ${RUN}`;
let briefId;
let assetId;
let shareUrl;

mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const t0 = Date.now();
try {
  const pictures = await makePictures(browser);
  const alice = await personContext(browser);
  const rita = await personContext(browser);
  const bruno = await personContext(browser, { acceptDownloads: true });

  await step("create a brief with a reviewer on its team", alice.page, async () => {
    await signIn(alice.page, ALICE);
    const page = alice.page;
    await page.goto(`${API_URL}/#/briefs/new`);
    await page.locator("h1", { hasText: "New brief" }).waitFor();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Due date").fill(new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel("Objectives").fill("Launch the autumn range");
    await page.getByLabel("Key message").fill("New colours");
    await page.getByRole("checkbox", { name: "Social" }).check();
    await page.getByLabel("Regions").fill("de");
    const deliverable = page.locator('[data-field="deliverables[0]"]');
    await deliverable.getByLabel("Channel").selectOption("social");
    await deliverable.getByLabel("Format").fill("1080x1080 PNG");
    await page.getByRole("button", { name: "Add a team member" }).click();
    const member = page.locator('[data-field="members[0]"]');
    await member.getByLabel("Email").fill(RITA);
    await member.getByLabel("Role on the brief").selectOption("reviewer");
    await page.getByRole("button", { name: "Create brief" }).click();
    await page.locator("article.brief h1").waitFor({ timeout: SLOW });
    briefId = await page.locator("article.brief").getAttribute("data-brief-id");
    assert.ok(briefId);
  });

  await step("upload two files by drag and drop: each bar reaches 100% and ingest makes them ready", alice.page, async () => {
    const page = alice.page;
    await page.getByRole("link", { name: "Upload files" }).click();
    await page.locator("h1", { hasText: "Upload files" }).waitFor();
    await assertInert(page, alice.problems, "upload");
    await dropFiles(page, [{ name: heroName, type: "image/png", base64: pictures.v1 },
      { name: bannerName, type: "image/jpeg", base64: pictures.banner }]);
    assert.equal(await page.locator("li.upload").count(), 2, "one row per dropped file");
    assetId = await uploadedAndReady(page, heroName);
    await uploadedAndReady(page, bannerName);
    await shot(page, "upload");
  });

  await step("the reviewer draws an annotation on the preview and requests changes", rita.page, async () => {
    await signIn(rita.page, RITA);
    const page = rita.page;
    // The review request is sent by the state machine after ingest: wait until it is Rita's to decide.
    await until("the review request to reach the reviewer", async () => (await apiAs(page, "GET", "/me/reviews")).json
      ?.items?.some((i) => i.subjectId === assetId));
    await page.goto(`${API_URL}/#/assets/${assetId}/review`);
    const img = page.locator("#review-image");
    await img.waitFor({ timeout: SLOW });
    await page.waitForFunction(() => document.querySelector("#review-image")?.naturalWidth > 0);
    const box = await img.boundingBox();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.2, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4, { steps: 5 });
    await page.mouse.up();
    assert.match(await page.locator("#region-text").textContent(), /Region marked at 20% from the left, 10% from the top, 40% × 30%/);
    await page.getByLabel("Comment", { exact: true }).fill(pointText);
    await page.getByRole("button", { name: "Add annotation" }).click();
    const thread = page.locator("li.thread", { hasText: RUN });
    await thread.waitFor();
    assert.equal(await thread.locator(".comment-body").textContent(), pointText);
    assert.equal(await page.locator(".pin").count(), 1, "the pin is drawn on the image");

    // Keyboard: the decision radios and comment are labelled controls.
    await page.getByLabel("Request changes").check();
    await page.getByLabel("Decision comment").fill(`${XSS} please fix point 1`);
    await page.getByLabel("Decision comment").press("Tab");
    await page.keyboard.press("Enter");
    await page.locator("#review-state", { hasText: "Changes requested" }).waitFor({ timeout: SLOW });
    assert.match(await page.locator("#review-status").textContent(), /rita\.reviewer@example\.com: Changes/);
    await assertInert(page, rita.problems, "review");
    await shot(page, "review");
  });

  await step("the creator accepts the point and drops version 2", alice.page, async () => {
    const page = alice.page;
    await page.goto(`${API_URL}/#/assets/${assetId}/review`);
    await page.getByRole("button", { name: "Accept point 1" }).click();
    await page.locator("li.thread .answer", { hasText: "Accept" }).waitFor();
    await page.getByRole("link", { name: "Upload a new version" }).click();
    await page.locator("h1", { hasText: "Upload a new version" }).waitFor();
    await dropFiles(page, [{ name: `${RUN}-hero-v2.png`, type: "image/png", base64: pictures.v2 }]);
    await uploadedAndReady(page, `${RUN}-hero-v2.png`);
    assert.equal(await page.locator("li.upload").getAttribute("data-version"), "2");
    await assertInert(alice.page, alice.problems, "upload v2", { visible: false });
  });

  await step("compare shows both versions and the diff overlay with a slider and the share changed", alice.page, async () => {
    const page = alice.page;
    await page.goto(`${API_URL}/#/assets/${assetId}/compare?from=1&to=2`);
    await page.locator("#diff-overlay").waitFor({ timeout: SLOW });
    for (const id of ["#compare-from", "#compare-to", "#diff-overlay"]) {
      await page.waitForFunction((sel) => document.querySelector(sel)?.naturalWidth > 0, id);
    }
    const pct = Number(await page.locator("#visual-diff").getAttribute("data-percent"));
    assert.ok(pct > 2 && pct < 20, `the painted patch is ~7.5% of the picture: ${pct}`);
    assert.match(await page.locator("#percent-changed").textContent(), /% of pixels changed/);
    await page.getByLabel("Overlay strength").fill("30");
    assert.equal(await page.locator("#diff-overlay").evaluate((el) => el.style.opacity), "0.3");
    await assertInert(page, alice.problems, "compare");
    await shot(page, "compare");
  });

  await step("the reviewer approves version 2 through the outbox mail's link", rita.page, async () => {
    const page = rita.page;
    const subject = page.locator("table tr", { hasText: "Approval requested" }).filter({ hasText: RUN });
    await until("round 2's mail", async () => {
      await page.goto(`${EDGE_URL}/_dam/outbox?to=${encodeURIComponent(RITA)}`);
      return (await page.locator("tr", { hasText: `${RUN}-hero` }).filter({ hasText: "Approval requested" }).count()) >= 2;
    }, SLOW, 1000);
    assert.ok(await subject.count() >= 2);
    await page.locator("tr", { hasText: `${RUN}-hero` }).filter({ hasText: "Approval requested" }).first().locator("a").first().click();
    await page.locator("a", { hasText: "/review/" }).first().click();
    await page.getByText("(version 2)").waitFor({ timeout: SLOW });
    await page.getByLabel("Approve").check();
    await page.getByLabel(/^Comment/).fill("Good now");
    await page.getByRole("button", { name: "Submit decision" }).click();
    await page.locator("h1", { hasText: "Decision recorded" }).waitFor({ timeout: SLOW });
    await until("the review to be approved", async () => (await apiAs(alice.page, "GET", `/assets/${assetId}/review`)).json?.status === "approved");
  });

  await step("a brand manager finds the asset in the library by its AI tag", bruno.page, async () => {
    await signIn(bruno.page, BRUNO);
    const page = bruno.page;
    await page.goto(`${API_URL}/#/library`);
    await page.getByLabel("Search the library").fill(XSS);
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#result-count", { hasText: "No assets match" }).waitFor();
    await assertInert(page, bruno.problems, "library (no results)");
    const result = page.locator(`li.result[data-asset-id="${assetId}"]`);
    await until("the approved asset in the search index", async () => {
      await page.getByLabel("Search the library").fill(`face ${RUN}`);
      await page.getByRole("button", { name: "Search" }).click();
      await page.locator("#result-count").waitFor();
      await page.waitForFunction(() => document.querySelector("main")?.getAttribute("aria-busy") !== "true");
      return (await result.count()) === 1;
    }, SLOW, 1000);
    assert.equal(await page.locator("li.result").count(), 1, "only this run's photo has a face and this run's name");
    await page.getByRole("checkbox", { name: "Approved (1)" }).check();
    await page.waitForURL(/status=approved/);
    await page.getByRole("checkbox", { name: "Approved (1)" }).waitFor();
    assert.equal(await page.getByRole("checkbox", { name: "Approved (1)" }).isChecked(), true, "the facet filter applies");
    assert.equal(await result.count(), 1);
    await shot(page, "library");
  });

  await step("download it as a 1080×1080 PNG", bruno.page, async () => {
    const page = bruno.page;
    await page.goto(`${API_URL}/#/assets/${assetId}`);
    await page.locator("article.asset h1").waitFor({ timeout: SLOW });
    assert.ok(await page.locator('#tags tr[data-source="ai"]', { hasText: "face" }).count() >= 1, "AI face tag listed");
    assert.match(await page.locator("#rights-status").textContent(), /\w/);
    await assertInert(page, bruno.problems, "asset detail");
    await page.getByLabel("Size").selectOption("instagram-square");
    await page.getByLabel("Format").selectOption("png");
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: SLOW }),
      page.getByRole("button", { name: "Download" }).click()]);
    const file = readFileSync(await download.path());
    assert.deepEqual(pngSize(file), { width: 1080, height: 1080 });
    assert.match(download.suggestedFilename(), /instagram-square\.png$/);
    await page.locator("#download-status", { hasText: "Downloaded" }).waitFor();
    await shot(page, "asset");
  });

  await step("create a share link and open it in a fresh browser context", bruno.page, async () => {
    const page = bruno.page;
    await page.getByRole("button", { name: "Share link…" }).click();
    await page.locator("#share-dialog").waitFor();
    await page.getByLabel("Download limit").fill("3");
    await page.getByRole("button", { name: "Create link" }).click();
    const url = page.locator("#share-url");
    await url.waitFor({ timeout: SLOW });
    shareUrl = await url.inputValue();
    assert.match(shareUrl, /\/s\/[^/]+$/);
    await page.locator("#share-list li", { hasText: "Active" }).waitFor();
    await shot(page, "share");

    const stranger = await browser.newContext();
    await mapPublicUrl(stranger);
    const p = await stranger.newPage();
    const res = await p.goto(shareUrl);
    assert.equal(res.status(), 200);
    assert.ok(await p.locator("a[href*='download']").count() >= 1, "the shared page offers the preset download");
    await stranger.close();
  });

  await step("the reports page shows the download in its chart", bruno.page, async () => {
    const page = bruno.page;
    await page.goto(`${API_URL}/#/reports`);
    const report = page.locator("#report-downloads-by-user");
    // Aggregates follow the table stream within seconds: refresh (as a person would) until the download is counted.
    await until("the download in the downloads-by-user report", async () => {
      await page.locator("#report-refresh").click();
      await page.locator("#report-status", { hasText: "Reports for" }).waitFor({ timeout: SLOW });
      return (await report.locator("table.report-data tr", { hasText: BRUNO }).count()) > 0;
    }, SLOW, 1000);
    await report.locator('figure.chart[data-drawn="yes"]').waitFor({ timeout: SLOW });
    await assertInert(page, bruno.problems, "reports", { visible: false });
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
  console.log(JSON.stringify({ summary: true, passed, failed, briefId, assetId, shareUrl, ms: Date.now() - t0 }));
  console.error(`console walk: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
