// Console bootstrap: configuration, session, API client, navigation and the hash router.

import config from "../config.js";
import { h, replace, safeUrl } from "./dom.js";
import { createApi } from "./api.js";
import { Session, completeCognitoSignIn } from "./auth.js";
import { signInPage } from "./pages/signin.js";
import { briefListPage } from "./pages/brief-list.js";
import { briefFormPage } from "./pages/brief-form.js";
import { briefDetailPage } from "./pages/brief-detail.js";
import { tasksPage } from "./pages/tasks.js";
import { reportsPage } from "./pages/reports.js";
import { placementsPage } from "./pages/placements.js";
import { expiryPage } from "./pages/expiry.js";
import { uploadPage } from "./pages/upload.js";
import { reviewPage } from "./pages/review.js";
import { comparePage } from "./pages/compare.js";
import { libraryPage } from "./pages/library.js";
import { assetPage } from "./pages/asset.js";
import { bulkPage } from "./pages/bulk.js";

const session = new Session();
const main = document.getElementById("main");
const flashEl = document.getElementById("flash");

const api = createApi({
  baseUrl: config.apiUrl,
  token: () => session.token(),
  onUnauthorized: () => {
    session.clear();
    flash("Your session has ended. Please sign in again.", { next: true });
    navigate("#/signin");
  },
});

/** Routes: pattern over the hash path → page. Pages are async (ctx) → Node. */
const routes = [
  [/^\/signin$/, signInPage, { public: true }],
  [/^\/briefs$/, briefListPage],
  [/^\/briefs\/new$/, briefFormPage],
  [/^\/briefs\/([^/]+)\/edit$/, briefFormPage],
  [/^\/briefs\/([^/]+)$/, briefDetailPage],
  [/^\/tasks$/, tasksPage],
  [/^\/reports$/, reportsPage],
  [/^\/placements$/, placementsPage],
  [/^\/expiry$/, expiryPage],
  [/^\/briefs\/([^/]+)\/upload$/, uploadPage],
  [/^\/assets\/([^/]+)\/upload$/, uploadPage],
  [/^\/assets\/([^/]+)\/review$/, reviewPage],
  [/^\/assets\/([^/]+)\/compare$/, comparePage],
  [/^\/assets\/([^/]+)$/, assetPage],
  [/^\/library$/, libraryPage],
  [/^\/bulk\/([^/]+)$/, bulkPage],
];

let renderCount = 0;
let flashUntil = 0;

/**
 * A message in the polite live region. It goes at the next page change, or — with `{ next: true }`, for a message
 * about to be followed by a navigation — at the one after.
 */
function flash(message, { next = false } = {}) {
  flashEl.textContent = message;
  flashEl.hidden = !message;
  flashUntil = renderCount + (next ? 1 : 0);
}

function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

/** Reports and the expiry calendar are for admins and brand managers (the API says the same). */
const canReport = (user) => user.roles.includes("admin") || user.roles.includes("brand-manager");

function renderNav() {
  const user = session.user();
  const nav = document.getElementById("nav");
  const link = (href, text) => {
    const current = location.hash.split("?")[0] === href;
    return h("a", { href, "aria-current": current ? "page" : null }, text);
  };
  replace(nav, user ? [
    link("#/briefs", "Briefs"),
    link("#/briefs/new", "New brief"),
    link("#/tasks", "My tasks"),
    link("#/placements", "Placements"),
    canReport(user) ? link("#/reports", "Reports") : null,
    canReport(user) ? link("#/expiry", "Expiry") : null,
    link("#/library", "Library"),
    config.mode === "local"
      ? h("a", { href: safeUrl(`${config.edgeUrl}/_dam/outbox`), target: "_blank", rel: "noopener noreferrer", id: "outbox-link" },
        "Outbox", h("span", { class: "sr-only" }, " (opens in a new tab)"))
      : null,
  ] : []);
  replace(document.getElementById("who"), user ? [
    h("span", { id: "who-name" }, `Signed in as ${user.email}`),
    h("span", { class: "roles" }, ` (${user.roles.join(", ")})`),
    " ",
    h("button", { type: "button", class: "link", onclick: () => { session.clear(); flash("Signed out.", { next: true }); navigate("#/signin"); } }, "Sign out"),
  ] : []);
}

async function render() {
  const ticket = ++renderCount;
  if (ticket > flashUntil) flash("");
  const [path, queryText] = (location.hash.slice(1) || "/briefs").split("?");
  const query = new URLSearchParams(queryText ?? "");
  const match = routes.map(([re, page, opts]) => [re.exec(path), page, opts ?? {}]).find(([m]) => m);
  renderNav();
  if (!match) {
    replace(main, h("h1", { tabindex: "-1" }, "Not found"), h("p", null, h("a", { href: "#/briefs" }, "Back to briefs")));
    return;
  }
  const [m, page, opts] = match;
  if (!opts.public && !session.token()) {
    navigate(`#/signin?next=${encodeURIComponent(location.hash || "#/briefs")}`);
    return;
  }
  main.setAttribute("aria-busy", "true");
  const ctx = { api, session, config, path, params: m.slice(1).map(decodeURIComponent), query, navigate, flash,
    isCurrent: () => ticket === renderCount };
  let content;
  try {
    content = await page(ctx);
  } catch (e) {
    console.error(e);
    content = h("div", null, h("h1", { tabindex: "-1" }, "Something went wrong"),
      h("p", { class: "error-text", role: "alert" }, e.status === 404 ? "Not found, or you may not see it." : e.message));
  }
  if (ticket !== renderCount) return; // a later navigation won
  main.removeAttribute("aria-busy");
  replace(main, content);
  document.dispatchEvent(new CustomEvent("dam:rendered", { detail: { path } }));
  // Move focus to the page heading so keyboard and screen-reader users start at the new content.
  const heading = main.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

window.addEventListener("hashchange", () => {
  render();
});

(async () => {
  if (config.mode === "cognito") {
    try {
      if (await completeCognitoSignIn(config.cognito, session)) navigate("#/briefs");
    } catch (e) {
      flash(`Sign-in failed: ${e.message}`, { next: true });
    }
  }
  render();
})();
