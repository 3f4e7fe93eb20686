// Two versions side by side, plus the newer one with the pixel-diff overlay on top (a slider sets how strongly it
// shows), the share of pixels changed, the changed regions and the metadata that differs.

import { h } from "../dom.js";
import { seg } from "../api.js";
import { field } from "../forms.js";

export async function comparePage(ctx) {
  const { api, params, query, navigate } = ctx;
  const id = params[0];
  const view = await api.get(`/assets/${seg(id)}`);
  const numbers = view.versions.map((v) => v.number).sort((a, b) => a - b);
  const latest = view.asset.latestVersion;
  const to = Number(query.get("to")) || latest;
  const from = Number(query.get("from")) || Math.max(1, to - 1);
  const brief = view.asset.briefId ? await api.get(`/briefs/${seg(view.asset.briefId)}`).catch(() => null) : null;
  const c = await api.get(`/assets/${seg(id)}/compare?from=${from}&to=${to}`);

  const pick = (name, value) => {
    const select = h("select", { onchange: () => navigate(`#/assets/${encodeURIComponent(id)}/compare?from=${fromSel.value}&to=${toSel.value}`) },
      numbers.map((n) => h("option", { value: String(n), selected: n === value }, `Version ${n}`)));
    return [select, field(name, name.toLowerCase(), select)];
  };
  const [fromSel, fromField] = pick("From", from);
  const [toSel, toField] = pick("To", to);

  const side = (s, which) => h("figure", { class: "side", dataset: { version: s.version } },
    s.rendition ? h("img", { src: s.rendition.url, alt: `Version ${s.version} (${which})`, id: `compare-${which}` })
      : h("p", { class: "error-text" }, "⚠ No image rendition of this version"),
    h("figcaption", null, `Version ${s.version} · ${s.fileName ?? ""} · ${s.contentType ?? ""}`));

  const d = c.visualDiff;
  let diff;
  if (d) {
    const overlay = h("img", { src: d.overlayUrl, alt: "Changed pixels highlighted", class: "overlay", id: "diff-overlay" });
    overlay.style.opacity = "0.7";
    const slider = h("input", { type: "range", min: 0, max: 100, value: 70, id: "overlay-opacity",
      oninput: () => {
        overlay.style.opacity = String(slider.value / 100);
        shown.textContent = `${slider.value}%`;
      } });
    const shown = h("output", { for: "overlay-opacity" }, "70%");
    diff = h("section", { "aria-labelledby": "diff-h", id: "visual-diff", dataset: { percent: d.percentChanged } },
      h("h2", { id: "diff-h" }, "Visual difference"),
      h("p", { id: "percent-changed", class: "big" }, `${d.percentChanged.toFixed(2)}% of pixels changed`,
        h("span", { class: "hint" }, ` (${d.changedPixels.toLocaleString("en-GB")} of ${(d.width * d.height).toLocaleString("en-GB")}, ${d.regions.length} region${d.regions.length === 1 ? "" : "s"})`)),
      h("div", { class: "field" }, h("label", { for: "overlay-opacity" }, "Overlay strength"), slider, " ", shown),
      h("div", { class: "overlay-stage" },
        c.to.rendition ? h("img", { src: c.to.rendition.url, alt: `Version ${c.to.version} under the overlay` }) : null,
        overlay),
      d.regions.length ? h("table", { class: "list" },
        h("caption", null, "Changed regions (pixels of the compared rendition)"),
        h("thead", null, h("tr", null, ["Left", "Top", "Width", "Height"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", null, d.regions.map((r) => h("tr", null, [r.px, r.py, r.pw, r.ph].map((v) => h("td", null, String(v))))))) : null);
  } else {
    diff = h("p", { class: "error-text", id: "visual-diff" }, `⚠ ${c.visualDiffUnavailable ?? "No visual difference available"}`);
  }

  return h("article", { class: "compare", dataset: { assetId: id } },
    h("h1", null, `Compare: ${view.asset.displayName ?? id}`),
    brief ? h("p", null, "Brief: ", h("a", { href: `#/briefs/${encodeURIComponent(brief.id)}`, class: "brief-title" }, brief.title)) : null,
    h("div", { class: "filters" }, fromField, toField,
      h("p", null, h("a", { href: `#/assets/${encodeURIComponent(id)}/review` }, "Back to the review"))),
    h("div", { class: "side-by-side" }, side(c.from, "from"), side(c.to, "to")),
    diff,
    c.metadata.length ? h("section", null, h("h2", null, "Metadata that differs"),
      h("table", { class: "list", id: "metadata-diff" },
        h("thead", null, h("tr", null, ["Field", `Version ${from}`, `Version ${to}`].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", null, c.metadata.map((m) => h("tr", null, h("td", null, m.field), h("td", null, m.from ?? "—"), h("td", null, m.to ?? "—")))))) : null);
}
