// The briefs list, filtered by status (the API's queues), paged with the API's cursor.

import { h, replace } from "../dom.js";
import { field } from "../forms.js";
import { label } from "../fields.js";

export const STATUSES = ["draft", "submitted", "approved", "in_production", "delivered", "closed"];

export function statusBadge(status) {
  // The status is always written out; the style only adds to it (never information by colour alone).
  return h("span", { class: `badge status-${status}` }, label(status));
}

export async function briefListPage({ api, query, navigate }) {
  const status = STATUSES.includes(query.get("status")) ? query.get("status") : "";
  const select = h("select", { onchange: () => navigate(select.value ? `#/briefs?status=${select.value}` : "#/briefs") },
    h("option", { value: "", selected: !status }, "Every status"),
    STATUSES.map((s) => h("option", { value: s, selected: s === status }, label(s))));

  const body = h("tbody");
  const more = h("button", { type: "button", hidden: true }, "Load more");
  const count = h("p", { class: "hint", "aria-live": "polite" });
  let cursor = null;
  let shown = 0;

  async function load() {
    const q = new URLSearchParams({ limit: "25" });
    if (status) q.set("status", status);
    if (cursor) q.set("cursor", cursor);
    const page = await api.get(`/briefs?${q}`);
    for (const b of page.items) {
      body.append(h("tr", { dataset: { briefId: b.id } },
        h("td", null, h("a", { href: `#/briefs/${encodeURIComponent(b.id)}`, class: "brief-title" }, b.title)),
        h("td", null, statusBadge(b.status)),
        h("td", null, b.brand?.name ?? ""),
        h("td", null, b.requester),
        h("td", { class: "nowrap" }, b.dueDate ?? ""),
        h("td", null, b.legalApprovalRequired ? "Yes" : "No"),
        h("td", null, b.updatedAt ? new Date(b.updatedAt).toLocaleString() : "")));
    }
    shown += page.items.length;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    count.textContent = shown === 0 ? "No briefs here yet." : `${shown} brief${shown === 1 ? "" : "s"} shown.`;
  }
  more.addEventListener("click", () => load().catch((e) => { count.textContent = e.message; }));
  await load();

  return h("section", null,
    h("div", { class: "page-head" },
      h("h1", null, "Briefs"),
      h("a", { href: "#/briefs/new", class: "button primary" }, "New brief")),
    h("div", { class: "filters" }, field("Status", "status", select)),
    h("table", { class: "list", id: "brief-table" },
      h("caption", { class: "sr-only" }, "Briefs", status ? ` with status ${label(status)}` : ""),
      h("thead", null, h("tr", null, ["Title", "Status", "Brand", "Requester", "Due", "Legal approval", "Updated"]
        .map((t) => h("th", { scope: "col" }, t)))),
      body),
    count,
    more);
}

