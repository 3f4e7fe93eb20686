// The library: a search box, facets with counts (checkboxes; values of one facet OR, facets AND — as the API
// reads them), results that load the next page with the API's cursor as you scroll, and bulk selection → a resize
// job for the selected assets.

import { h, replace } from "../dom.js";
import { seg } from "../api.js";
import { label } from "../fields.js";
import { field, errorSummary, showErrors, clearErrors, busy } from "../forms.js";

/** Facets shown as checkboxes (the API counts these on every search), in this order. */
export const FACETS = ["type", "status", "brand", "channel", "orientation", "colour", "rights", "created"];
/** Filters the page passes through from its URL without showing them as facets (links from a brief). */
const PASS_THROUGH = ["brief", "campaign", "collection", "uploader"];
const FORMATS = ["jpeg", "png", "tiff", "gif"];

/** The API query for this page's URL query (and a cursor): text, every facet filter, page size. */
export function searchQuery(pageQuery, cursor) {
  const q = new URLSearchParams();
  const text = (pageQuery.get("q") ?? "").trim();
  if (text) q.set("q", text);
  for (const f of [...FACETS, ...PASS_THROUGH]) {
    const values = pageQuery.getAll(f).flatMap((v) => v.split(",")).filter(Boolean);
    if (values.length) q.set(f, [...new Set(values)].join(","));
  }
  q.set("limit", "20");
  if (cursor) q.set("cursor", cursor);
  return q;
}

export async function libraryPage(ctx) {
  const { api, query, navigate, session, isCurrent } = ctx;
  const text = query.get("q") ?? "";
  const first = await api.get(`/search?${searchQuery(query)}`);

  // --- search box
  const box = h("input", { type: "search", value: text, maxlength: 500, autocomplete: "off" });
  const searchForm = h("form", { role: "search", id: "search-form", onsubmit: (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams(query);
    next.delete("q");
    if (box.value.trim()) next.set("q", box.value.trim());
    navigate(`#/library?${next}`);
  } }, field("Search the library", "q", box, { hint: "Words match titles, file names, keywords and AI tags (every word must match)." }),
  h("button", { type: "submit", class: "primary" }, "Search"));

  // --- facets
  const facetBox = h("form", { id: "facets", "aria-label": "Filters" }, FACETS.filter((f) => first.facets?.[f] && Object.keys(first.facets[f]).length)
    .map((f) => {
      const chosen = new Set(query.getAll(f).flatMap((v) => v.split(",")));
      return h("fieldset", { class: "facet", dataset: { facet: f } }, h("legend", null, label(f)),
        Object.entries(first.facets[f]).sort((a, b) => b[1] - a[1]).map(([value, count]) => {
          const id = `facet-${f}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
          return h("div", { class: "choice" },
            h("input", { type: "checkbox", id, value, checked: chosen.has(value), onchange: (ev) => {
              const next = new URLSearchParams(query);
              const values = new Set(next.getAll(f).flatMap((v) => v.split(",")).filter(Boolean));
              if (ev.target.checked) values.add(value); else values.delete(value);
              next.delete(f);
              if (values.size) next.set(f, [...values].join(","));
              navigate(`#/library?${next}`);
            } }),
            h("label", { for: id }, `${label(value)} (${count})`));
        }));
    }));

  // --- results, the next page fetched when the sentinel scrolls into view (or on the button)
  const selected = new Set();
  const results = h("ul", { class: "results", id: "results" });
  const status = h("p", { class: "hint", id: "result-count", "aria-live": "polite" });
  const more = h("button", { type: "button", id: "load-more" }, "Load more");
  let cursor = null;
  let shown = 0;
  let loading = false;

  function add(page) {
    for (const item of page.items) {
      const cb = h("input", { type: "checkbox", id: `sel-${item.assetId}`, value: item.assetId, onchange: (ev) => {
        if (ev.target.checked) selected.add(item.assetId); else selected.delete(item.assetId);
        selCount.textContent = `${selected.size} selected`;
      } });
      results.append(h("li", { class: "result", dataset: { assetId: item.assetId } },
        cb, h("label", { for: cb.id, class: "sr-only" }, `Select ${item.title}`),
        h("a", { href: `#/assets/${encodeURIComponent(item.assetId)}`, class: "result-title" }, item.title),
        h("span", { class: "hint" }, item.createdAt ? ` · ${new Date(item.createdAt).toLocaleDateString("en-GB")}` : "")));
    }
    shown += page.items.length;
    cursor = page.nextCursor ?? null;
    more.hidden = !cursor;
    status.textContent = shown === 0
      ? (text ? `No assets match “${text}”.` : "No assets here yet.")
      : `${shown} of ${page.total ?? shown} asset${(page.total ?? shown) === 1 ? "" : "s"} shown${text ? ` for “${text}”` : ""}.`;
  }

  async function next() {
    if (loading || !cursor || !isCurrent()) return;
    loading = true;
    try {
      add(await api.get(`/search?${searchQuery(query, cursor)}`));
    } catch (e) {
      status.textContent = `⚠ ${e.message}`;
    } finally {
      loading = false;
    }
  }
  more.addEventListener("click", next);
  const sentinel = h("div", { class: "sentinel", "aria-hidden": "true" });
  const observer = new IntersectionObserver((entries) => {
    if (!isCurrent()) observer.disconnect();
    else if (entries.some((e) => e.isIntersecting)) next();
  });
  observer.observe(sentinel);
  add(first);

  // --- bulk resize of the selection
  const selCount = h("span", { id: "selected-count" }, "0 selected");
  const bulkSummary = errorSummary();
  const brand = session.user()?.brands?.[0];
  const presets = brand ? (await api.get(`/brands/${seg(brand)}/presets`).catch(() => ({ presets: [] }))).presets : [];
  const format = h("select", null, FORMATS.map((f) => h("option", { value: f }, f.toUpperCase())));
  const bulk = h("form", { id: "bulk-form", class: "bulk", onsubmit: async (ev) => {
    ev.preventDefault();
    await busy(bulkButton, async () => {
      clearErrors(bulk, bulkSummary);
      try {
        const chosen = [...bulk.querySelectorAll("input[name=preset]:checked")].map((i) => i.value);
        const job = await api.post("/bulk-jobs", { assetIds: [...selected], presets: chosen, format: format.value });
        navigate(`#/bulk/${encodeURIComponent(job.jobId)}`);
      } catch (e) {
        showErrors(bulk, bulkSummary, e);
      }
    });
  } },
  bulkSummary,
  h("fieldset", { class: "field choices", dataset: { field: "presets" } }, h("legend", null, "Presets"),
    h("div", { class: "choice-row" }, presets.map((p) => h("span", { class: "choice" },
      h("input", { type: "checkbox", name: "preset", value: p.name, id: `bulk-${p.name}` }),
      h("label", { for: `bulk-${p.name}` }, `${p.name} (${p.width}×${p.height})`)))),
    h("p", { class: "field-error", hidden: true })),
  field("Format", "format", format),
  h("p", null, selCount));
  const bulkButton = h("button", { type: "submit" }, "Resize selected");
  bulk.append(bulkButton);

  return h("section", { class: "library" },
    h("h1", null, "Library"),
    searchForm,
    h("div", { class: "library-grid" },
      h("aside", null, h("h2", null, "Filters"), facetBox),
      h("div", null, h("h2", null, "Assets"), status, results, sentinel, more,
        h("details", { class: "bulk-box" }, h("summary", null, "Bulk actions"), bulk))));
}
