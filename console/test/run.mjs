// Browser tests of the console in Debian's headless Chromium, driven by playwright-core, against a running local
// cloud. Env: API_URL (the console + HTTP API origin), EDGE_URL (the AWS edge; outbox), SCREENSHOT_DIR.
// Prints one JSON line per step ({"step","ok","ms"[,"error"]}) and a last {"summary":…} line; exit code 0 only when
// every step passed. Steps run in order and stop at the first failure (later ones build on earlier ones).

import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";

const API_URL = required("API_URL").replace(/\/$/, "");
const EDGE_URL = required("EDGE_URL").replace(/\/$/, "");
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || "target/screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// The first API call may wait for a cold Lambda worker (Micronaut): allow for it, but not forever.
const API_WAIT = 90_000;
const XSS = "<img src=x onerror=alert(1)>";
const RUN = Math.random().toString(36).slice(2, 8);
const ALICE = "alice@example.com";
const RITA = "rita.reviewer@example.com";
const LENA = "lena.legal@example.com";

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return v;
}

const isoDate = (daysFromToday) => new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

let passed = 0;
let failed = 0;
let lastPage; // the page a failing step is screenshot from
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(JSON.stringify({ step: name, ok: true, ms: Date.now() - t0 }));
  } catch (e) {
    failed += 1;
    await lastPage?.screenshot({ path: path.join(SHOTS, "failure.png"), fullPage: true }).catch(() => {});
    console.log(JSON.stringify({ step: name, ok: false, ms: Date.now() - t0, error: String(e?.stack || e) }));
    throw e;
  }
}

/** A browser context for one person: the deployed config.js with this cloud's edge URL, and traps for dialogs. */
async function personContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  // config.js is the deploy-time hook; serve the real file with this run's edge URL, as a deployment would.
  await context.route(`${API_URL}/config.js`, async (route) => {
    const res = await route.fetch();
    const original = await res.text();
    const body = original.replace(/edgeUrl: "[^"]*"/, `edgeUrl: ${JSON.stringify(EDGE_URL)}`);
    assert.notEqual(body, original, "config.js has an edgeUrl setting");
    await route.fulfill({ response: res, body });
  });
  const page = await context.newPage();
  lastPage = page;
  page.setDefaultTimeout(15_000);
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
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** No dialog fired, no page error, no <img src=x> element anywhere, and the XSS text is visible as text. */
async function assertInert(page, problems, where) {
  assert.deepEqual(problems.dialogs, [], `no dialog on ${where}`);
  assert.deepEqual(problems.errors, [], `no page errors on ${where}`);
  assert.equal(await page.locator('img[src="x"]').count(), 0, `no injected <img> on ${where}`);
  await page.getByText(XSS, { exact: false }).first().waitFor({ state: "visible" });
}

async function signIn(page, user) {
  await page.goto(`${API_URL}/`);
  await page.waitForURL(/#\/signin/);
  await page.locator(`button[data-user="${user}"]`).click();
  await page.locator("h1", { hasText: "Briefs" }).waitFor({ timeout: API_WAIT });
  assert.equal(await page.locator("#who-name").textContent(), `Signed in as ${user}`);
}

const title = `${XSS} Spring sale ${RUN}`;
const privateNote = `${XSS} private note ${RUN}`;
const teamNote = `Team note ${RUN}`;
let briefId;

mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  // Playwright gives every launch a fresh, empty --user-data-dir of its own (and refuses one in args).
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const t0 = Date.now();
try {
  const alice = await personContext(browser);
  const { page } = alice;

  await step("sign-in page lists the demo users", async () => {
    await page.goto(`${API_URL}/`);
    await page.waitForURL(/#\/signin/);
    await page.locator(`button[data-user="${ALICE}"]`).waitFor();
    assert.ok(await page.locator(".user-card").count() >= 5, "demo users listed");
    await shot(page, "signin");
  });

  await step("sign in as a creator", async () => {
    await signIn(page, ALICE);
    assert.equal(await page.locator("#nav a", { hasText: "Outbox" }).getAttribute("href"), `${EDGE_URL}/_dam/outbox`);
  });

  await step("create a brief: the API's field error is shown next to the field, then fixed", async () => {
    await page.locator("#nav a", { hasText: "New brief" }).click();
    await page.locator("h1", { hasText: "New brief" }).waitFor();
    await page.getByLabel("Title").fill(title);
    assert.equal(await page.getByLabel("Brand", { exact: true }).inputValue(), "acme", "brand prefilled from the token");
    await page.getByLabel("Due date").fill("2020-01-01"); // in the past: the API refuses it
    await page.getByLabel("Objectives").fill("Drive store visits\nGrow the newsletter");
    await page.getByLabel("Key message").fill("Everything 20% off");
    await page.getByRole("checkbox", { name: "Web" }).check();
    await page.getByRole("checkbox", { name: "Social" }).check();
    await page.getByLabel("Regions").fill("de");
    const deliverable = page.locator('[data-field="deliverables[0]"]');
    await deliverable.getByLabel("Channel").selectOption("web");
    await deliverable.getByLabel("Format").fill("1200x627 JPEG");
    await page.getByRole("checkbox", { name: "Price" }).check();
    await page.getByRole("button", { name: "Add a team member" }).click();
    const member = page.locator('[data-field="members[0]"]');
    await member.getByLabel("Email").fill(RITA);
    await member.getByLabel("Role on the brief").selectOption("reviewer");
    await page.getByRole("button", { name: "Create brief" }).click();

    const dueError = page.locator('[data-field="dueDate"] > .field-error');
    await dueError.waitFor({ state: "visible", timeout: API_WAIT });
    assert.match(await dueError.textContent(), /in the past/);
    assert.equal(await page.getByLabel("Due date").getAttribute("aria-invalid"), "true");
    const summary = page.locator(".error-summary");
    assert.ok(await summary.isVisible(), "error summary shown");
    assert.match(await summary.textContent(), /Due date: dueDate 2020-01-01 is in the past/);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("error-summary")), true,
      "focus moves to the error summary");
    assert.equal(await page.locator(".field-error:visible").count(), 1, "only the due date is wrong");
    await shot(page, "brief-form");

    await page.getByLabel("Due date").fill(isoDate(60));
    await page.getByRole("button", { name: "Create brief" }).click();
    await page.locator("article.brief h1").waitFor({ timeout: API_WAIT });
    briefId = await page.locator("article.brief").getAttribute("data-brief-id");
    assert.ok(briefId, "detail page shows the new brief");
    assert.equal(await page.locator("article.brief h1").textContent(), title, "title rendered as text, exactly");
  });

  await step("detail shows the disclaimers with their rule ids", async () => {
    const rule = page.locator('#disclaimers li[data-rule-id="price-eu-vat"]');
    await rule.waitFor();
    assert.equal(await rule.locator("code").textContent(), "price-eu-vat");
    assert.match(await rule.locator(".disclaimer-text").textContent(), /VAT/);
    assert.match(await page.locator("#team").textContent(), new RegExp(RITA.replace(".", "\\.")));
    await assertInert(page, alice.problems, "brief detail");
  });

  await step("add a milestone and a budget; the total and approval state are shown", async () => {
    const ms = page.locator("#milestones");
    await ms.getByLabel("Milestone", { exact: true }).fill("Draft layouts");
    await ms.getByLabel("Due date").fill(isoDate(30));
    await ms.getByRole("button", { name: "Add milestone" }).click();
    await ms.locator("tbody tr", { hasText: "Draft layouts" }).waitFor();
    assert.equal(await page.locator("article.brief").getAttribute("data-version"), "2");

    await page.locator("#budget summary").click();
    const line0 = page.locator('[data-field="budget.lines[0]"]');
    await line0.getByLabel("Description").fill("Photography");
    await line0.getByLabel("Amount").fill("1500");
    await page.getByRole("button", { name: "Add a line" }).click();
    const line1 = page.locator('[data-field="budget.lines[1]"]');
    await line1.getByLabel("Description").fill("Retouching");
    await line1.getByLabel("Amount").fill("250.50");
    await page.getByRole("button", { name: "Save budget" }).click();
    await page.locator("#budget tfoot", { hasText: "1,750.50 EUR" }).waitFor();
    assert.match(await page.locator("#budget-approval").textContent(), /Approval: Not submitted/);
  });

  await step("add a private and a team comment", async () => {
    const form = page.locator("#comment-form");
    await form.getByLabel("Comment").fill(privateNote);
    await form.getByRole("radio", { name: "Only me and the people I name" }).check();
    assert.ok(await form.getByLabel("Also readable by").isVisible(), "named readers field appears for private");
    await form.getByRole("button", { name: "Add comment" }).click();
    const mine = page.locator('.comment[data-visibility="private"]', { hasText: RUN });
    await mine.waitFor();
    assert.equal(await mine.locator(".comment-body").textContent(), privateNote);
    assert.match(await mine.locator(".visibility").textContent(), /^Private: alice@example\.com$/);

    await form.getByLabel("Comment").fill(teamNote);
    await form.getByRole("radio", { name: "The brief's team" }).check();
    await form.getByRole("button", { name: "Add comment" }).click();
    await page.locator('.comment[data-visibility="group"]', { hasText: teamNote }).waitFor();
    await assertInert(page, alice.problems, "brief detail with comments");
    await shot(page, "brief-detail");
  });

  await step("my tasks lists the milestone; ticking it done on the brief removes it", async () => {
    await page.locator("#nav a", { hasText: "My tasks" }).click();
    const row = page.locator(`#task-table tr[data-brief-id="${briefId}"]`);
    await row.waitFor();
    assert.equal(await row.locator("td").first().textContent(), "Draft layouts");
    assert.equal(await row.locator("a.brief-title").textContent(), title);
    await assertInert(page, alice.problems, "my tasks");
    await shot(page, "tasks");

    await row.locator("a.brief-title").click();
    await page.getByRole("checkbox", { name: "Draft layouts done" }).check();
    await page.locator("#milestones tbody tr", { hasText: "Done" }).waitFor();
    await page.locator("#nav a", { hasText: "My tasks" }).click();
    await page.locator("h1", { hasText: "My tasks" }).waitFor(); // the page replaces the brief only once loaded
    assert.equal(await page.locator(`#task-table tr[data-brief-id="${briefId}"]`).count(), 0);
  });

  await step("briefs list filtered by status shows the brief as text", async () => {
    await page.locator("#nav a", { hasText: "Briefs" }).click();
    await page.getByLabel("Status").selectOption("draft");
    await page.waitForURL(/status=draft/);
    const row = page.locator(`#brief-table tr[data-brief-id="${briefId}"]`);
    await row.waitFor();
    assert.equal(await row.locator("a.brief-title").textContent(), title);
    assert.match(await row.textContent(), /Draft/);
    await page.getByLabel("Status").selectOption("approved");
    await page.locator("#brief-table caption", { hasText: "with status Approved" }).waitFor({ state: "attached" });
    assert.equal(await page.locator(`#brief-table tr[data-brief-id="${briefId}"]`).count(), 0, "filter applies");
    await page.getByLabel("Status").selectOption("draft");
    await row.waitFor();
    await assertInert(page, alice.problems, "briefs list");
    await shot(page, "briefs");
  });

  await step("edit page keeps the title as text", async () => {
    await page.goto(`${API_URL}/#/briefs/${briefId}/edit`);
    await page.locator("h1", { hasText: "Edit brief" }).waitFor();
    assert.equal(await page.locator("h1").textContent(), `Edit brief: ${title}`);
    assert.equal(await page.getByLabel("Title").inputValue(), title);
    await assertInert(page, alice.problems, "edit brief");
  });

  await step("the outbox link opens the local mail outbox", async () => {
    const res = await alice.context.request.get(`${EDGE_URL}/_dam/outbox`);
    assert.equal(res.status(), 200);
  });

  await step("another team member cannot see the private comment, sees the team one, replies by keyboard", async () => {
    const rita = await personContext(browser);
    await signIn(rita.page, RITA);
    await rita.page.goto(`${API_URL}/#/briefs/${briefId}`);
    await rita.page.locator("article.brief h1").waitFor({ timeout: API_WAIT });
    assert.equal(await rita.page.locator("article.brief h1").textContent(), title);
    await rita.page.locator(".comment", { hasText: teamNote }).waitFor();
    assert.equal(await rita.page.locator(".comment").count(), 1, "only the team comment");
    assert.equal(await rita.page.getByText(privateNote).count(), 0, "the private comment is not on the page");
    await assertInert(rita.page, rita.problems, "brief detail as another member");

    // Keyboard only: type a reply, Tab to the visibility choice and on to the button, Enter submits.
    const reply = `Reply by keyboard ${RUN}`;
    await rita.page.locator("#comment-form textarea").focus();
    await rita.page.keyboard.type(reply);
    for (let i = 0; i < 6 && !(await rita.page.evaluate(() => document.activeElement?.textContent === "Add comment")); i += 1) {
      await rita.page.keyboard.press("Tab");
    }
    assert.equal(await rita.page.evaluate(() => document.activeElement?.textContent), "Add comment", "Tab reaches the button");
    await rita.page.keyboard.press("Enter");
    await rita.page.locator(".comment", { hasText: reply }).waitFor();
    assert.match(await rita.page.locator(".comment", { hasText: reply }).locator(".visibility").textContent(), /^Team$/);
    await rita.context.close();
    lastPage = page;
  });

  await step("submit without approvers is refused with the reason; name one in the edit form, then submit", async () => {
    await page.goto(`${API_URL}/#/briefs/${briefId}`);
    await page.getByRole("button", { name: "Submit for approval" }).click();
    const summary = page.locator("article.brief header .error-summary");
    await summary.waitFor({ state: "visible", timeout: API_WAIT });
    assert.match(await summary.textContent(), /approver/);

    await page.getByRole("link", { name: "Edit brief" }).click();
    await page.getByRole("button", { name: "Add an approver" }).click();
    const approver = page.locator('[data-field="approvals[0]"]');
    await approver.getByLabel("Approves").selectOption("brief");
    await approver.getByLabel("Email").fill(LENA);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("#team td", { hasText: LENA }).waitFor({ timeout: API_WAIT });
    await page.getByRole("button", { name: "Submit for approval" }).click();
    await page.locator("article.brief .badge", { hasText: "Submitted" }).waitFor({ timeout: API_WAIT });
    assert.equal(await page.getByRole("button", { name: "Submit for approval" }).count(), 0);
    await assertInert(page, alice.problems, "submitted brief");
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
  console.log(JSON.stringify({ summary: true, passed, failed, briefId, ms: Date.now() - t0 }));
  console.error(`console browser tests: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}
