// Launch / placements (#/placements?asset=&brand=): recent placements of the brand (from the analytics aggregates),
// one asset's placements, publishing an approved asset to a channel target, and registering a webhook target.
// Every refusal from the API is shown in words next to the form that caused it.

import { h, replace, uid } from "../dom.js";
import { seg } from "../api.js";
import { defaultBrand } from "./reports.js";
import { ensureStylesheet } from "../charts.js";

export const CHANNELS = ["web", "social", "email", "print", "event-bus", "webhook"];

function field(label, input, hint) {
  const id = input.id || (input.id = uid("pl"));
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hint ? h("span", { class: "hint" }, hint) : null);
}

function problems(e) {
  return h("div", { class: "error-summary", role: "alert", tabindex: "-1" },
    h("p", null, `⚠ ${e.message}`),
    e.errors?.length ? h("ul", null, e.errors.map((x) => h("li", null, `${x.field}: ${x.message}`))) : null);
}

function placementTable(items, { withAsset }) {
  if (!items.length) return h("p", { class: "muted empty" }, "No placements.");
  return h("table", { class: "list placements" },
    h("thead", null, h("tr", null, [withAsset ? "Asset" : null, "Channel", "Target", "Version", "By", "When"].filter(Boolean)
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, items.map((p) => h("tr", null,
      withAsset ? h("td", null, h("a", { href: `#/placements?asset=${encodeURIComponent(p.assetId)}` }, p.title ?? p.assetId)) : null,
      h("td", null, p.channel), h("td", null, p.targetId ?? p.url ?? ""), h("td", null, p.version == null ? "" : `v${p.version}`),
      h("td", null, p.publishedBy ?? p.by ?? ""), h("td", { class: "nowrap" }, p.publishedAt ?? p.at ?? "")))));
}

export async function placementsPage({ api, session, query, navigate }) {
  ensureStylesheet("css/analytics.css");
  const brand = defaultBrand(query, session.user());
  const assetId = query.get("asset") ?? "";

  // Recent placements across the brand: the placements report (admins and brand managers; others see why not).
  const recent = h("div", { id: "recent-placements" });
  try {
    const r = await api.get(`/reports/placements?${new URLSearchParams(brand ? { brand } : {})}`);
    const col = (n) => r.columns.indexOf(n);
    replace(recent, placementTable(r.rows.slice().reverse().map((row) => ({ assetId: row[col("assetId")], title: row[col("title")],
      channel: row[col("channel")], by: row[col("by")], at: row[col("at")] })), { withAsset: true }));
  } catch (e) {
    replace(recent, h("p", { class: "muted" }, `Recent placements are not available to you: ${e.message}`));
  }

  // One asset's placements.
  const assetInput = h("input", { name: "asset", value: assetId, required: true, autocomplete: "off" });
  const find = h("form", { class: "filters", id: "find-placements" }, field("Asset id", assetInput), h("button", { type: "submit" }, "Show placements"));
  find.addEventListener("submit", (e) => {
    e.preventDefault();
    navigate(`#/placements?asset=${encodeURIComponent(assetInput.value.trim())}`);
  });
  const list = h("div", { id: "asset-placements" });
  if (assetId) {
    try {
      const { items } = await api.get(`/assets/${seg(assetId)}/placements`);
      replace(list, placementTable(items, { withAsset: false }));
    } catch (e) {
      replace(list, problems(e));
    }
  }

  // Publish.
  const channel = h("select", { name: "channel" }, CHANNELS.map((c) => h("option", { value: c }, c)));
  const targetId = h("input", { name: "targetId", autocomplete: "off" });
  const url = h("input", { name: "url", type: "url", autocomplete: "off" });
  const publishAsset = h("input", { name: "asset", value: assetId, required: true, autocomplete: "off" });
  const publishResult = h("div", { id: "publish-result", "aria-live": "polite" });
  const publish = h("form", { id: "publish-form" },
    field("Asset id", publishAsset), field("Channel", channel),
    field("Target id", targetId, "For webhook: the registered target's id"), field("URL", url, "Optional: where it is published (https)"),
    h("button", { type: "submit" }, "Publish"));
  publish.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { channel: channel.value };
    if (targetId.value.trim()) body.targetId = targetId.value.trim();
    if (url.value.trim()) body.url = url.value.trim();
    try {
      const p = await api.post(`/assets/${seg(publishAsset.value.trim())}/placements`, body);
      replace(publishResult, h("p", { class: "ok", role: "status" }, `✓ Published to ${p.channel}${p.targetId ? ` (${p.targetId})` : ""} as placement ${p.id}, version ${p.version}.`));
      navigate(`#/placements?asset=${encodeURIComponent(publishAsset.value.trim())}`);
    } catch (err) {
      replace(publishResult, problems(err));
    }
  });

  // Register a webhook target (admins).
  const hookId = h("input", { name: "id", required: true, autocomplete: "off" });
  const hookUrl = h("input", { name: "url", type: "url", required: true, autocomplete: "off" });
  const hookSecret = h("input", { name: "secret", type: "password", required: true, autocomplete: "new-password", minlength: "32" });
  const hookResult = h("div", { id: "webhook-result", "aria-live": "polite" });
  const register = h("form", { id: "webhook-form" },
    field("Target id", hookId), field("URL", hookUrl, "https (plain http only to localhost)"),
    field("Signing secret", hookSecret, "32 to 256 characters; never shown again"),
    h("button", { type: "submit" }, "Register target"));
  register.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const t = await api.put(`/webhook-targets/${seg(hookId.value.trim())}`, { url: hookUrl.value.trim(), secret: hookSecret.value });
      hookSecret.value = "";
      replace(hookResult, h("p", { class: "ok", role: "status" }, `✓ Target ${t.id} registered for ${t.url}.`));
    } catch (err) {
      replace(hookResult, problems(err));
    }
  });

  return h("section", { class: "placements-page" },
    h("h1", null, "Launch and placements"),
    h("h2", null, `Recent placements${brand ? ` (${brand})` : ""}`), recent,
    h("h2", null, "An asset's placements"), find, list,
    h("h2", null, "Publish an approved asset"), publish, publishResult,
    h("h2", null, "Register a webhook target"), register, hookResult);
}
