// Create or edit a brief. The API is the one validator: the form sends what was typed and shows each field error
// from the answer next to its field (and all of them in a summary that takes focus).

import { h } from "../dom.js";
import { seg } from "../api.js";
import { field, choiceGroup, checkedValues, rowList, errorSummary, showErrors, clearErrors, busy } from "../forms.js";
import { lines, words, label } from "../fields.js";

export const CHANNELS = ["web", "social", "print", "email", "ooh", "video", "display", "audio", "in_store"];
export const CLAIMS = ["price", "health", "finance", "competition", "talent", "environmental"];
export const MEMBER_ROLES = ["owner", "manager", "creator", "reviewer", "approver", "legal", "viewer"];
export const APPROVAL_KINDS = ["brief", "budget", "timeline", "fine_print"];
const CHANNEL_NAMES = { ooh: "Out of home", in_store: "In store" };
const channelLabel = (c) => CHANNEL_NAMES[c] ?? label(c);

const options = (values, selected, text = label) => values.map((v) => h("option", { value: v, selected: v === selected }, text(v)));

export async function briefFormPage({ api, session, params, navigate, flash }) {
  const id = params[0];
  const brief = id ? await api.get(`/briefs/${seg(id)}`) : null;
  const me = session.user();

  const input = (type, value, extra = {}) => h("input", { type, value: value ?? "", ...extra });
  const area = (value, rows = 3) => h("textarea", { rows }, value ?? "");

  const title = input("text", brief?.title, { autocomplete: "off" });
  const brandName = input("text", brief?.brand?.name ?? (me.brands.length === 1 ? me.brands[0] : ""));
  const guidelines = input("url", brief?.brand?.guidelinesUrl);
  const due = input("date", brief?.dueDate);
  const objectives = area((brief?.objectives ?? []).join("\n"));
  const keyMessage = area(brief?.keyMessage, 2);
  const audience = area(brief?.audience, 2);
  const regions = input("text", (brief?.regions ?? []).join(", "));
  const mandatory = area((brief?.mandatoryElements ?? []).join("\n"), 2);
  const tags = input("text", (brief?.tags ?? []).join(", "));
  const channels = choiceGroup("Channels", "channels", CHANNELS.map((c) => [c, channelLabel(c)]),
    { selected: brief?.channels ?? [] });
  const claims = choiceGroup("Claims the creative makes", "claims", CLAIMS.map((c) => [c, label(c)]),
    { selected: brief?.claims ?? [], hint: "Claims decide which legal disclaimers apply." });

  const deliverables = rowList({
    name: "deliverables", legend: "Deliverables", rowLegend: "Deliverable", addText: "Add a deliverable",
    initial: brief?.deliverables ?? [{}],
    makeRow: (d) => ({ controls: [
      ["channel", "Channel", h("select", null, h("option", { value: "" }, "Choose…"), options(CHANNELS, d.channel, channelLabel))],
      ["format", "Format", input("text", d.format), { hint: "e.g. 1080x1350 JPEG" }],
      ["spec", "Spec", input("text", d.spec)],
      ["quantity", "Quantity", input("number", d.quantity ?? 1, { min: 1, step: 1, inputmode: "numeric" })],
    ] }),
  });
  const members = rowList({
    name: "members", legend: "Team", rowLegend: "Member", addText: "Add a team member",
    initial: brief?.members ?? [],
    makeRow: (m) => ({ controls: [
      ["userId", "Email", input("email", m.userId)],
      ["role", "Role on the brief", h("select", null, options(MEMBER_ROLES, m.role ?? "creator"))],
    ] }),
  });
  const approvers = rowList({
    name: "approvals", legend: "Approvers", rowLegend: "Approver", addText: "Add an approver",
    initial: brief?.approvals ?? [],
    makeRow: (a) => ({ controls: [
      ["kind", "Approves", h("select", null, options(APPROVAL_KINDS, a.kind ?? "brief"))],
      ["approver", "Email", input("email", a.approver)],
    ] }),
  });

  const summary = errorSummary();
  const submit = h("button", { type: "submit", class: "primary" }, id ? "Save changes" : "Create brief");
  let idempotencyKey = crypto.randomUUID();

  function body() {
    const quantity = (q) => (q.trim() === "" ? undefined : Number.isInteger(Number(q)) ? Number(q) : q);
    return {
      title: title.value,
      brand: { name: brandName.value, guidelinesUrl: guidelines.value },
      dueDate: due.value,
      objectives: lines(objectives.value),
      keyMessage: keyMessage.value,
      audience: audience.value,
      channels: checkedValues(form, "channels"),
      regions: words(regions.value, { upper: true }),
      deliverables: deliverables.values().map((d) => ({ channel: d.channel, format: d.format, spec: d.spec, quantity: quantity(d.quantity) })),
      mandatoryElements: lines(mandatory.value),
      tags: words(tags.value),
      claims: checkedValues(form, "claims"),
      members: members.values(),
      approvals: approvers.values(),
    };
  }

  async function save(ev) {
    ev.preventDefault();
    clearErrors(form, summary);
    await busy(submit, async () => {
      try {
        const saved = id
          ? await api.patch(`/briefs/${seg(id)}`, { expectedVersion: brief.version, ...body() })
          : await api.post("/briefs", body(), { "Idempotency-Key": idempotencyKey });
        flash(id ? "Brief saved." : "Brief created.", { next: true });
        navigate(`#/briefs/${encodeURIComponent(saved.id)}`);
      } catch (e) {
        if (e.status >= 400 && e.status < 500) idempotencyKey = crypto.randomUUID(); // a refused request was not stored
        if (e.stale) {
          e.errors = [{ field: "expectedVersion", message: "Someone changed this brief after you opened it. Reload the page to see their changes, then edit again." }];
        }
        showErrors(form, summary, e);
      }
    });
  }

  const form = h("form", { id: "brief-form", novalidate: true, onsubmit: save },
    summary,
    field("Title", "title", title),
    h("div", { class: "two-col" },
      field("Brand", "brand.name", brandName),
      field("Brand guidelines URL", "brand.guidelinesUrl", guidelines, { hint: "Optional, http(s)." })),
    field("Due date", "dueDate", due, { hint: "yyyy-mm-dd, today or later." }),
    field("Objectives", "objectives", objectives, { hint: "One per line." }),
    field("Key message", "keyMessage", keyMessage),
    field("Audience", "audience", audience),
    channels,
    field("Regions", "regions", regions, { hint: "Country codes or groups, comma-separated: DE, FR, EU, GLOBAL." }),
    deliverables.element,
    field("Mandatory elements", "mandatoryElements", mandatory, { hint: "One per line." }),
    field("Tags", "tags", tags, { hint: "Comma-separated." }),
    claims,
    members.element,
    approvers.element,
    h("div", { class: "actions" }, submit,
      h("a", { href: id ? `#/briefs/${encodeURIComponent(id)}` : "#/briefs", class: "button" }, "Cancel")));

  return h("section", null,
    h("h1", null, id ? `Edit brief: ${brief.title}` : "New brief"),
    id ? h("p", { class: "hint" }, `Version ${brief.version}. Milestones, budget and comments are edited on the brief's page.`) : null,
    form);
}
