// Upload files to a brief (each becomes a new asset) or the next version of an asset: drop them on the zone or pick
// them with the file input (keyboard users), watch one progress bar per file while the bytes go straight to storage,
// then the ingest's verdict — ready, or rejected with its reasons written out.

import { h, replace } from "../dom.js";
import { seg } from "../api.js";
import { label } from "../fields.js";
import { uploadFile, awaitIngest } from "../uploads.js";

export async function uploadPage(ctx) {
  const { api, params, isCurrent } = ctx;
  const forAsset = ctx.path.startsWith("/assets/");
  const id = params[0];
  let heading;
  let context;
  let target;
  if (forAsset) {
    const view = await api.get(`/assets/${seg(id)}`);
    heading = `Upload a new version of ${view.asset.displayName ?? id}`;
    context = h("p", null, "The next version of ", h("a", { href: `#/assets/${encodeURIComponent(id)}` }, view.asset.displayName ?? id),
      ` (now version ${view.asset.latestVersion}). Its review continues with it.`);
    target = { assetId: id };
  } else {
    const brief = await api.get(`/briefs/${seg(id)}`);
    heading = "Upload files";
    context = h("p", null, "Each file becomes a new asset of the brief ",
      h("a", { href: `#/briefs/${encodeURIComponent(id)}`, class: "brief-title" }, brief.title), ".");
    target = { briefId: id };
  }

  const list = h("ol", { class: "upload-list", id: "upload-list", "aria-live": "polite" });
  const input = h("input", { type: "file", id: "upload-input", multiple: !forAsset, class: "file-input" });
  const zone = h("div", { class: "drop-zone", id: "drop-zone", role: "group", "aria-labelledby": "drop-zone-text" },
    h("p", { id: "drop-zone-text" }, forAsset ? "Drop the new version here" : "Drop files here"),
    h("p", { class: "hint" }, "or"),
    h("label", { for: "upload-input", class: "button" }, forAsset ? "Choose a file" : "Choose files"),
    input);

  function start(files) {
    const chosen = forAsset ? files.slice(0, 1) : files;
    for (const file of chosen) track(file);
  }

  function track(file) {
    const bar = h("progress", { max: 100, value: 0, "aria-label": `Upload of ${file.name}` });
    const pct = h("span", { class: "pct" }, "0%");
    const state = h("p", { class: "upload-state" }, "Uploading…");
    const links = h("p", { class: "upload-links" });
    const row = h("li", { class: "upload", dataset: { file: file.name, state: "uploading" } },
      h("p", { class: "upload-name" }, file.name, h("span", { class: "hint" }, ` (${size(file.size)})`)),
      h("div", { class: "bar" }, bar, " ", pct), state, links);
    list.append(row);
    const set = (s, text, error = false) => {
      row.dataset.state = s;
      state.className = error ? "upload-state error-text" : "upload-state";
      state.textContent = error ? `⚠ ${text}` : text;
    };
    (async () => {
      const { assetId, version } = await uploadFile(api, file, target, (p) => {
        bar.value = p;
        pct.textContent = `${p}%`;
      });
      row.dataset.assetId = assetId;
      row.dataset.version = version;
      set("processing", "Uploaded. Checking the file…");
      const v = await awaitIngest(api, assetId, version, { stillWanted: isCurrent,
        onState: (s) => { if (s === "processing") set("processing", "Uploaded. Processing (checks, tags, renditions)…"); } });
      if (!v) return;
      if (v.state === "ready") {
        set("ready", `Ready: version ${version}.`);
        replace(links, h("a", { href: `#/assets/${encodeURIComponent(assetId)}` }, "Open the asset"), " · ",
          h("a", { href: `#/assets/${encodeURIComponent(assetId)}/review` }, "Review"));
      } else {
        const reasons = (v.reasons ?? []).map((r) => r.message || r.code);
        set(v.state, `${label(v.state)}: ${reasons.length ? reasons.join("; ") : "no reason given"}`, true);
        replace(links, h("ul", { class: "reasons" }, (v.reasons ?? []).map((r) => h("li", null, h("code", null, r.code), " ", r.message))));
      }
    })().catch((e) => set("failed", `Not uploaded: ${e.message}`, true));
  }

  input.addEventListener("change", () => {
    start([...input.files]);
    input.value = "";
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    start([...(e.dataTransfer?.files ?? [])]);
  });

  return h("section", { class: "upload-page" },
    h("h1", null, heading),
    context,
    zone,
    h("h2", null, "Files"),
    list);
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
