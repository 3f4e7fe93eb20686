// My tasks: the open milestones the caller owns across open briefs.

import { h } from "../dom.js";
import { statusBadge } from "./brief-list.js";

export async function tasksPage({ api }) {
  const { items } = await api.get("/me/tasks");
  return h("section", null,
    h("h1", null, "My tasks"),
    items.length ? h("table", { class: "list", id: "task-table" },
      h("caption", { class: "sr-only" }, "Open milestones you own"),
      h("thead", null, h("tr", null, ["Milestone", "Brief", "Brief status", "Due"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, items.map((t) => h("tr", { dataset: { briefId: t.briefId, milestoneId: t.milestoneId } },
        h("td", null, t.name),
        h("td", null, h("a", { href: `#/briefs/${encodeURIComponent(t.briefId)}`, class: "brief-title" }, t.briefTitle)),
        h("td", null, statusBadge(t.briefStatus)),
        h("td", { class: "nowrap" }, t.dueDate ?? "")))))
      : h("p", null, "Nothing to do: no open milestone is yours."));
}
