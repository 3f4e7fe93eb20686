// One asset: its preview, versions (revert to an older one), tags with where each came from and how sure, rights
// status, a download with a format and preset picker, and the share-link dialog.

import { h, replace } from "../dom.js";
import { seg, ApiError } from "../api.js";
import { label } from "../fields.js";
import { field, errorSummary, showErrors, clearErrors, busy } from "../forms.js";
import { shareDialog } from "./share.js";

const FORMATS = ["jpeg", "png", "tiff", "gif"];

/** The download query: the original, a preset, or a free size — in a format (API: GET /assets/{id}/download). */
export function downloadQuery({ preset, format, width, height, version }) {
  const q = new URLSearchParams();
  if (preset !== "original") {
    q.set("format", format);
    if (preset === "custom") {
      if (width) q.set("width", width);
      if (height) q.set("height", height);
    } else if (preset) {
      q.set("preset", preset);
    }
  }
  if (version) q.set("version", version);
  return q;
}

export async function assetPage(ctx) {
  const { api, params, session, config, navigate } = ctx;
  const id = params[0];
  const base = `/assets/${seg(id)}`;
  const view = await api.get(base);
  const { asset, versions } = view;
  const sorted = [...versions].sort((a, b) => b.number - a.number);
  const current = sorted.find((v) => v.state === "ready") ?? sorted[0];
  const [preview, rights, presets, brief] = await Promise.all([
    current ? api.get(`${base}/versions/${current.number}/preview`).catch(() => null) : null,
    api.get(`${base}/rights`).catch(() => null),
    api.get(`/brands/${seg(asset.brand)}/presets`).then((p) => p.presets).catch(() => []),
    asset.briefId ? api.get(`/briefs/${seg(asset.briefId)}`).catch(() => null) : null,
  ]);

  // --- versions
  const versionSummary = errorSummary();
  const versionTable = h("table", { class: "list", id: "versions" },
    h("thead", null, h("tr", null, ["Version", "State", "File", "Size", "Created", "Origin", ""].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, sorted.map((v) => h("tr", { dataset: { version: v.number, state: v.state } },
      h("td", null, String(v.number)), h("td", null, label(v.state),
        v.reasons?.length ? h("span", { class: "error-text" }, ` ⚠ ${v.reasons.map((r) => r.message || r.code).join("; ")}`) : null),
      h("td", null, v.fileName ?? ""), h("td", null, v.size != null ? `${Math.round(v.size / 1024)} KB` : ""),
      h("td", null, v.createdAt ? new Date(v.createdAt).toLocaleString("en-GB") : ""),
      h("td", null, v.origin ? `${label(v.origin.kind)} of version ${v.origin.baseVersion}` : "Uploaded"),
      h("td", null, v.state === "ready" && v.number !== asset.latestVersion
        ? h("button", { type: "button", onclick: async (ev) => {
          await busy(ev.currentTarget, async () => {
            clearErrors(versionForm, versionSummary);
            try {
              const nv = await api.post(`${base}/versions/${v.number}/revert`);
              ctx.flash(`Version ${nv.number} is being made from version ${v.number}.`);
              navigate(`#/assets/${encodeURIComponent(id)}`);
            } catch (e) {
              showErrors(versionForm, versionSummary, e);
            }
          });
        } }, `Revert to version ${v.number}`) : null)))));
  const versionForm = h("div", null, versionSummary, versionTable);

  // --- tags of the shown version
  const tags = current?.tags ?? [];
  const tagTable = tags.length ? h("table", { class: "list", id: "tags" },
    h("thead", null, h("tr", null, ["Kind", "Value", "Source", "Confidence"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, tags.map((t) => h("tr", { dataset: { source: t.source } },
      h("td", null, label(t.kind)), h("td", null, t.value), h("td", null, t.source === "ai" ? "AI" : label(t.source)),
      h("td", null, `${Math.round(t.confidence)}%`)))))
    : h("p", { class: "hint" }, "No tags yet.");

  // --- rights
  const rightsBox = rights ? h("div", { id: "rights" },
    h("p", null, "Rights: ", h("span", { class: `badge rights-${rights.status}`, id: "rights-status" }, label(rights.status))),
    rights.items.length ? h("ul", null, rights.items.map((r) => h("li", null,
      `${r.licenceType}: ${r.start ?? "…"} to ${r.end ?? "perpetual"}`, r.territories.length ? ` · ${r.territories.join(", ")}` : "",
      r.channels.length ? ` · ${r.channels.join(", ")}` : ""))) : h("p", { class: "hint" }, "No rights records."))
    : h("p", { class: "hint", id: "rights" }, "Rights are not visible to you.");

  // --- download
  const presetSel = h("select", { onchange: () => { custom.hidden = presetSel.value !== "custom"; } },
    presets.map((p) => h("option", { value: p.name }, `${p.name} (${p.width}×${p.height})`)),
    h("option", { value: "custom" }, "Custom size"),
    h("option", { value: "original" }, "Original file"));
  const formatSel = h("select", null, FORMATS.map((f) => h("option", { value: f }, f.toUpperCase())));
  const width = h("input", { type: "number", min: 1, max: 20000 });
  const height = h("input", { type: "number", min: 1, max: 20000 });
  const custom = h("div", { class: "add-row", hidden: true }, field("Width (px)", "width", width), field("Height (px)", "height", height));
  const downloadSummary = errorSummary();
  const downloadStatus = h("p", { class: "hint", id: "download-status", "aria-live": "polite" });
  const downloadForm = h("form", { id: "download-form", onsubmit: async (ev) => {
    ev.preventDefault();
    await busy(downloadButton, async () => {
      clearErrors(downloadForm, downloadSummary);
      downloadStatus.textContent = "Preparing the file…";
      const q = downloadQuery({ preset: presetSel.value, format: formatSel.value, width: width.value, height: height.value,
        version: current?.number });
      try {
        const blob = await fetchDownload(`${config.apiUrl}${base}/download?${q}`, session.token());
        const ext = presetSel.value === "original" ? (current?.fileName?.split(".").pop() ?? "bin") : formatSel.value === "jpeg" ? "jpg" : formatSel.value;
        const name = `${(asset.displayName ?? id).replace(/\.[^.]*$/, "")}-${presetSel.value}.${ext}`;
        save(blob, name);
        downloadStatus.textContent = `Downloaded ${name} (${Math.round(blob.size / 1024)} KB).`;
      } catch (e) {
        downloadStatus.textContent = "";
        showErrors(downloadForm, downloadSummary, e);
      }
    });
  } }, downloadSummary, h("div", { class: "add-row" }, field("Size", "preset", presetSel), field("Format", "format", formatSel)), custom);
  const downloadButton = h("button", { type: "submit", class: "primary" }, "Download");
  downloadForm.append(downloadButton, downloadStatus);

  const share = shareDialog(api, id, presets);
  const roles = session.user()?.roles ?? [];
  const mayShare = roles.includes("admin") || roles.includes("brand-manager");

  return h("article", { class: "asset", dataset: { assetId: id } },
    h("header", { class: "page-head" },
      h("div", null, h("h1", null, asset.displayName ?? id),
        h("p", null, `${asset.brand} · version ${asset.latestVersion}`, asset.campaign ? ` · ${asset.campaign}` : ""),
        brief ? h("p", null, "Brief: ", h("a", { href: `#/briefs/${encodeURIComponent(brief.id)}`, class: "brief-title" }, brief.title)) : null),
      h("div", { class: "actions" },
        h("a", { class: "button", href: `#/assets/${encodeURIComponent(id)}/review` }, "Review"),
        mayShare ? h("button", { type: "button", id: "share-button", onclick: share.open }, "Share link…") : null)),
    preview?.rendition ? h("img", { src: preview.rendition.url, alt: `Preview of version ${preview.version}`, class: "asset-preview" }) : null,
    asset.description ? h("p", { class: "comment-body" }, asset.description) : null,
    h("h2", null, "Download"), downloadForm,
    h("h2", null, "Rights"), rightsBox,
    h("h2", null, `Tags of version ${current?.number ?? "–"}`), tagTable,
    h("h2", null, "Versions"), versionForm,
    share.dialog);
}

/** GETs the download with the caller's token; the API redirects to storage, which the browser follows. */
async function fetchDownload(url, token) {
  let res;
  try {
    res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, credentials: "omit" });
  } catch (e) {
    throw new ApiError(0, { message: `The download could not be fetched (${e.message}).` });
  }
  if (!res.ok) {
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: text.slice(0, 300) || `HTTP ${res.status}` };
    }
    throw new ApiError(res.status, body);
  }
  return res.blob();
}

/** Hands the file to the browser's downloads (an object URL we made ourselves, so not routed through safeUrl). */
function save(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
