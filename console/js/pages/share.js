// The share-link dialog: expiry, download cap, optional password and the presets the link may hand out; on success
// it shows the link (to copy or open). Existing links of the asset are listed with their state and can be revoked.

import { h, replace } from "../dom.js";
import { seg } from "../api.js";
import { label } from "../fields.js";
import { field, errorSummary, showErrors, clearErrors, busy } from "../forms.js";

/** An ISO instant at the end of the given day (UTC), from a yyyy-mm-dd date input. */
export function endOfDay(date) {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59Z` : date;
}

/** The create-share request body from the dialog's values (the API validates; this only shapes). */
export function shareBody({ expires, maxDownloads, password, presets }) {
  const body = { expiresAt: endOfDay(expires), maxDownloads: Number(maxDownloads), presets };
  if (password) body.password = password;
  return body;
}

export function shareDialog(api, assetId, presets) {
  const inDays = (d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  const expires = h("input", { type: "date", value: inDays(14), min: inDays(0) });
  const cap = h("input", { type: "number", min: 1, max: 100000, value: 10 });
  const password = h("input", { type: "password", minlength: 8, maxlength: 128, autocomplete: "new-password" });
  const summary = errorSummary();
  const result = h("div", { id: "share-result", "aria-live": "polite" });
  const list = h("ul", { class: "plain", id: "share-list" });
  const dialog = h("dialog", { id: "share-dialog", "aria-labelledby": "share-h" });

  async function refresh() {
    const shares = await api.get(`/shares?assetId=${seg(assetId)}`).catch(() => ({ items: [] }));
    replace(list, shares.items.length ? shares.items.map((s) => h("li", { dataset: { shareId: s.id } },
      `${label(s.state)} · ${s.downloads}/${s.maxDownloads} downloads · until ${new Date(s.expiresAt).toLocaleString("en-GB")}`,
      s.passwordProtected ? " · password" : "", ` · ${s.presets.join(", ")} `,
      s.state === "active" ? h("button", { type: "button", class: "link", onclick: async () => {
        await api.del(`/shares/${seg(s.id)}`);
        await refresh();
      } }, "Revoke") : null)) : h("li", { class: "hint" }, "No links yet."));
  }

  const form = h("form", { method: "dialog", onsubmit: async (ev) => {
    ev.preventDefault();
    await busy(create, async () => {
      clearErrors(form, summary);
      try {
        const chosen = [...form.querySelectorAll("input[name=share-preset]:checked")].map((i) => i.value);
        const share = await api.post(`/assets/${seg(assetId)}/shares`, shareBody({ expires: expires.value,
          maxDownloads: cap.value, password: password.value, presets: chosen }));
        const url = h("input", { type: "text", readonly: true, value: share.url, id: "share-url", class: "wide" });
        replace(result, field("Share link", "url", url),
          h("p", null, h("a", { href: share.url, target: "_blank", rel: "noopener noreferrer" }, "Open the link"),
            " · ", h("button", { type: "button", class: "link", onclick: () => navigator.clipboard?.writeText(share.url) }, "Copy")));
        url.focus();
        url.select();
        await refresh();
      } catch (e) {
        showErrors(form, summary, e);
      }
    });
  } },
  summary,
  field("Expires on", "expiresAt", expires),
  field("Download limit", "maxDownloads", cap),
  field("Password (optional, 8+ characters)", "password", password),
  h("fieldset", { class: "field choices", dataset: { field: "presets" } }, h("legend", null, "What the link may download"),
    h("div", { class: "choice-row" }, [...presets.map((p) => [p.name, `${p.name} (${p.width}×${p.height})`]), ["original", "Original file"]]
      .map(([value, text], i) => h("span", { class: "choice" },
        h("input", { type: "checkbox", name: "share-preset", value, id: `share-preset-${i}`, checked: i === 0 }),
        h("label", { for: `share-preset-${i}` }, text)))),
    h("p", { class: "field-error", hidden: true })));
  const create = h("button", { type: "submit", class: "primary" }, "Create link");
  form.append(h("div", { class: "actions" }, create,
    h("button", { type: "button", onclick: () => dialog.close() }, "Close")));

  replace(dialog, h("h2", { id: "share-h" }, "Share link"), form, result, h("h3", null, "Links of this asset"), list);
  return { dialog, open: async () => { dialog.showModal(); await refresh(); } };
}
