// One brief: its content, disclaimers (with the rule that required each), milestones with done toggles, budget,
// team, approvers, comments (group or private to named people) and submission for approval. Every change sends the
// version the page shows; a 409 means someone else changed the brief, and the page reloads it.

import { h, replace } from "../dom.js";
import { seg } from "../api.js";
import { field, choiceGroup, rowList, errorSummary, showErrors, clearErrors, busy } from "../forms.js";
import { words, label, money, amount } from "../fields.js";
import { statusBadge } from "./brief-list.js";
import { MEMBER_ROLES } from "./brief-form.js";

export async function briefDetailPage(ctx) {
  const { api, params } = ctx;
  const id = params[0];
  const [brief, comments] = await Promise.all([
    api.get(`/briefs/${seg(id)}`),
    api.get(`/briefs/${seg(id)}/comments`),
  ]);
  const page = h("article", { class: "brief", dataset: { briefId: brief.id, version: brief.version } });
  draw(ctx, page, brief, comments.items);
  return page;
}

function draw(ctx, page, brief, comments) {
  const { api, navigate, flash } = ctx;
  const path = `/briefs/${seg(brief.id)}`;

  /** Applies a change and redraws with the answer; a stale version reloads the brief and says so. */
  async function change(form, summary, request, fieldOf = (f) => f) {
    clearErrors(form, summary);
    try {
      const updated = await request(brief.version);
      const fresh = await api.get(`${path}/comments`);
      redraw(updated, fresh.items);
      return true;
    } catch (e) {
      if (e.stale) {
        flash("Someone else changed this brief meanwhile: this is the latest version; please try again.");
        await reload();
      } else {
        e.errors = e.errors.map((x) => ({ ...x, field: fieldOf(x.field) }));
        showErrors(form, summary, e);
      }
      return false;
    }
  }

  async function reload() {
    const [b, c] = await Promise.all([api.get(path), api.get(`${path}/comments`)]);
    redraw(b, c.items);
  }

  function redraw(b, c) {
    page.dataset.version = b.version;
    draw(ctx, page, b, c);
  }

  const dl = (pairs) => h("dl", { class: "facts" }, pairs.filter(([, v]) => v != null && v !== "").flatMap(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
  const listOf = (items, empty = "None") => (items?.length ? h("ul", null, items.map((i) => h("li", null, i))) : h("p", { class: "hint" }, empty));

  // --- header and actions
  const submitSummary = errorSummary();
  const submitForm = h("form", { class: "inline", onsubmit: async (ev) => {
    ev.preventDefault();
    await busy(submitButton, async () => {
      if (await change(submitForm, submitSummary, (v) => api.post(`${path}/submit`, { expectedVersion: v }))) {
        flash("Submitted for approval: each approver gets an email with a review link.");
      }
    });
  } }, submitSummary);
  const submitButton = h("button", { type: "submit", class: "primary" }, "Submit for approval");
  submitForm.append(submitButton);

  const header = h("header", { class: "page-head" },
    h("div", null,
      h("h1", { class: "brief-title" }, brief.title),
      h("p", null, statusBadge(brief.status), " ", `Version ${brief.version}`,
        brief.legalApprovalRequired ? h("span", { class: "badge legal" }, "Legal approval required") : null)),
    h("div", { class: "actions" },
      brief.status !== "closed" ? h("a", { href: `#/briefs/${encodeURIComponent(brief.id)}/edit`, class: "button" }, "Edit brief") : null,
      brief.status !== "closed" ? h("a", { href: `#/briefs/${encodeURIComponent(brief.id)}/upload`, class: "button" }, "Upload files") : null,
      h("a", { href: `#/library?brief=${encodeURIComponent(brief.id)}`, class: "button" }, "Assets"),
      brief.status === "draft" ? submitForm : null));

  const overview = h("section", { "aria-labelledby": "h-overview" }, h("h2", { id: "h-overview" }, "Overview"),
    dl([
      ["Brand", brief.brand ? [brief.brand.name, brief.brand.guidelinesUrl
        ? [" (", h("a", { href: brief.brand.guidelinesUrl, rel: "noopener noreferrer", target: "_blank" }, "guidelines"), ")"] : null] : ""],
      ["Requester", brief.requester],
      ["Due", brief.dueDate],
      ["Key message", brief.keyMessage],
      ["Audience", brief.audience],
      ["Channels", brief.channels.map(label).join(", ")],
      ["Regions", brief.regions.join(", ")],
      ["Claims", brief.claims.length ? brief.claims.map(label).join(", ") : "None"],
      ["Tags", brief.tags.join(", ")],
    ]),
    h("h3", null, "Objectives"), listOf(brief.objectives),
    h("h3", null, "Mandatory elements"), listOf(brief.mandatoryElements),
    h("h3", null, "Deliverables"),
    brief.deliverables.length ? table(["Channel", "Format", "Spec", "Quantity"],
      brief.deliverables.map((d) => [label(d.channel), d.format, d.spec ?? "", String(d.quantity)])) : h("p", { class: "hint" }, "None"));

  // --- disclaimers
  const disclaimers = h("section", { "aria-labelledby": "h-disclaimers", id: "disclaimers" }, h("h2", { id: "h-disclaimers" }, "Disclaimers"),
    brief.disclaimers.length ? h("ul", { class: "disclaimers" }, brief.disclaimers.map((d) => h("li", { dataset: { ruleId: d.ruleId } },
      h("p", { class: "disclaimer-text" }, d.text),
      h("p", { class: "hint" }, "Rule ", h("code", null, d.ruleId), ` · claim: ${label(d.claim)} · channels: ${d.channels.map(label).join(", ")} · regions: ${d.regions.join(", ")}`,
        d.legalApprovalRequired ? " · legal approval required" : "")))) : h("p", { class: "hint" }, "No disclaimer applies to these claims, channels and regions."));

  // --- milestones
  const msSummary = errorSummary();
  const msName = h("input", { type: "text" });
  const msOwner = h("input", { type: "email", value: ctx.session.user().email });
  const msDue = h("input", { type: "date" });
  const msAdd = h("button", { type: "submit" }, "Add milestone");
  const msForm = h("form", { class: "compact", novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    await busy(msAdd, () => change(msForm, msSummary, (v) => api.post(`${path}/milestones`,
      { expectedVersion: v, name: msName.value, owner: msOwner.value, dueDate: msDue.value }), newItemField("milestones")));
  } }, msSummary, h("table", { class: "list" }, h("caption", { class: "sr-only" }, "Milestones"),
    h("thead", null, h("tr", null, ["Done", "Milestone", "Owner", "Due", ""].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, brief.milestones.map((m) => {
      const box = h("input", { type: "checkbox", checked: m.done, id: `ms-${m.id}-done`, "aria-label": `${m.name} done`,
        onchange: async () => {
          box.disabled = true;
          const ok = await change(msForm, msSummary, (v) => api.patch(`${path}/milestones/${seg(m.id)}`, { expectedVersion: v, done: box.checked }));
          if (!ok) box.checked = m.done;
          box.disabled = false;
        } });
      const remove = h("button", { type: "button", class: "link", onclick: () => busy(remove, () => change(msForm, msSummary,
        (v) => api.del(`${path}/milestones/${seg(m.id)}?expectedVersion=${v}`))) }, `Remove ${m.name}`);
      return h("tr", { dataset: { milestoneId: m.id } }, h("td", null, box, h("span", { class: "state" }, m.done ? " Done" : " Open")),
        h("td", null, m.name), h("td", null, m.owner), h("td", null, m.dueDate), h("td", null, remove));
    }))),
  h("h3", null, "Add a milestone"),
  h("div", { class: "add-row" }, field("Milestone", "name", msName), field("Owner", "owner", msOwner), field("Due date", "dueDate", msDue), msAdd));
  const milestones = h("section", { "aria-labelledby": "h-milestones", id: "milestones" }, h("h2", { id: "h-milestones" }, "Milestones"), msForm);

  // --- budget
  const budget = brief.budget;
  const bSummary = errorSummary();
  const currency = h("input", { type: "text", value: budget?.currency ?? "EUR", maxlength: 3, size: 4 });
  const bLines = rowList({
    name: "budget.lines", legend: "Budget lines", rowLegend: "Line", addText: "Add a line",
    initial: budget?.lines ?? [{}],
    makeRow: (l) => ({ controls: [
      ["description", "Description", h("input", { type: "text", value: l.description ?? "" })],
      ["amount", "Amount", h("input", { type: "text", inputmode: "decimal", value: l.amount ?? "" })],
      ["id", "Line id", h("input", { type: "hidden", value: l.id ?? "" })],
    ] }),
  });
  const bSave = h("button", { type: "submit" }, "Save budget");
  const bForm = h("form", { novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    await busy(bSave, () => change(bForm, bSummary, (v) => api.put(`${path}/budget`, { expectedVersion: v, currency: currency.value,
      lines: bLines.values().map((l) => ({ id: l.id || undefined, description: l.description, amount: amount(l.amount) })) })));
  } }, bSummary, field("Currency", "budget.currency", currency, { hint: "ISO code, e.g. EUR." }), bLines.element, bSave);
  for (const hidden of bForm.querySelectorAll('input[type="hidden"]')) hidden.closest(".field").hidden = true;
  const budgetSection = h("section", { "aria-labelledby": "h-budget", id: "budget" }, h("h2", { id: "h-budget" }, "Budget"),
    budget ? [
      table(["Line", "Amount"], budget.lines.map((l) => [l.description, money(l.amount, budget.currency)]),
        ["Total", money(budget.total, budget.currency)]),
      h("p", { id: "budget-approval" }, "Approval: ", h("strong", null, label(budget.approval))),
    ] : h("p", { class: "hint" }, "No budget yet."),
    h("details", null, h("summary", null, budget ? "Change the budget" : "Set a budget"), bForm));

  // --- team and approvers
  const tSummary = errorSummary();
  const tUser = h("input", { type: "email" });
  const tRole = h("select", null, MEMBER_ROLES.map((r) => h("option", { value: r, selected: r === "creator" }, label(r))));
  const tAdd = h("button", { type: "submit" }, "Add to team");
  const tForm = h("form", { class: "compact", novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    await busy(tAdd, () => change(tForm, tSummary, (v) => api.post(`${path}/members`, { expectedVersion: v, userId: tUser.value, role: tRole.value }), newItemField("members")));
  } }, tSummary, h("h3", null, "Add a team member"), h("div", { class: "add-row" }, field("Email", "userId", tUser), field("Role", "role", tRole), tAdd));
  const team = h("section", { "aria-labelledby": "h-team", id: "team" }, h("h2", { id: "h-team" }, "Team"),
    dl([["Requester", brief.requester]]),
    brief.members.length ? table(["Member", "Role"], brief.members.map((m) => [m.userId, label(m.role)])) : h("p", { class: "hint" }, "No other members."),
    tForm,
    h("h3", null, "Approvers"),
    brief.approvals.length ? table(["Approves", "Approver"], brief.approvals.map((a) => [label(a.kind), a.approver]))
      : h("p", { class: "hint" }, "No named approvers (edit the brief to add them)."));

  // --- comments
  const cSummary = errorSummary();
  const cBody = h("textarea", { rows: 3 });
  const readers = h("input", { type: "text", placeholder: "name@example.com, …" });
  const readersField = field("Also readable by", "namedReaders", readers, { hint: "Private comments: the emails of the people who may read it besides you." });
  const visibility = choiceGroup("Who can read it", "visibility", [["group", "The brief's team"], ["private", "Only me and the people I name"]],
    { type: "radio", selected: ["group"], onChange: () => { readersField.hidden = visibilityValue() !== "private"; } });
  readersField.hidden = true;
  const visibilityValue = () => visibility.querySelector("input:checked")?.value ?? "group";
  const cAdd = h("button", { type: "submit" }, "Add comment");
  const cForm = h("form", { id: "comment-form", novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    clearErrors(cForm, cSummary);
    await busy(cAdd, async () => {
      try {
        const vis = visibilityValue();
        await api.post(`${path}/comments`, { body: cBody.value, visibility: vis, namedReaders: vis === "private" ? words(readers.value) : [] });
        const fresh = await api.get(`${path}/comments`);
        redraw(brief, fresh.items);
        flash("Comment added.");
        page.querySelector("#comments h2")?.focus();
      } catch (e) {
        showErrors(cForm, cSummary, e);
      }
    });
  } }, cSummary, field("Comment", "body", cBody), visibility, readersField, cAdd);
  const commentList = comments.length ? h("ol", { class: "comments" }, comments.map((c) => h("li", { class: "comment", dataset: { commentId: c.id, visibility: c.visibility } },
    h("p", { class: "meta" }, h("strong", null, c.author), " · ", new Date(c.createdAt).toLocaleString(), " · ",
      h("span", { class: "visibility" }, c.visibility === "private"
        ? `Private: ${[c.author, ...c.namedReaders].join(", ")}` : "Team")),
    h("p", { class: "comment-body" }, c.body)))) : h("p", { class: "hint" }, "No comments you can read yet.");
  const commentSection = h("section", { "aria-labelledby": "h-comments", id: "comments" }, h("h2", { id: "h-comments", tabindex: "-1" }, "Comments"), commentList, cForm);

  replace(page, header, overview, disclaimers, milestones, budgetSection, team, commentSection,
    h("p", null, h("a", { href: "#/briefs", onclick: (ev) => { ev.preventDefault(); navigate("#/briefs"); } }, "Back to briefs")));
}

/** Errors about the item an add form creates come back as "milestones[3].name": show them on the form's "name". */
function newItemField(list) {
  const re = new RegExp(`^${list}\\[\\d+\\]\\.`);
  return (f) => String(f).replace(re, "");
}

function table(headings, rows, foot) {
  return h("table", { class: "list" },
    h("thead", null, h("tr", null, headings.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, rows.map((r) => h("tr", null, r.map((c) => h("td", null, c))))),
    foot ? h("tfoot", null, h("tr", null, foot.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", null, h("strong", null, c)))))) : null);
}
