// Labelled form controls and the display of the API's field errors next to the fields they name.

import { h, uid, replace } from "./dom.js";
import { fieldCandidates } from "./fields.js";

/**
 * A labelled control: <div data-field=name><label for>…</label> control <p hint> <p error></div>. The control gets
 * an id, a name and aria-describedby pointing at the hint and the error slot.
 */
export function field(labelText, name, control, { hint } = {}) {
  const id = control.id || uid("f");
  control.id = id;
  if (!control.name) control.name = name;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  const errorEl = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  control.setAttribute("aria-describedby", [hintEl?.id, errorEl.id].filter(Boolean).join(" "));
  return h("div", { class: "field", dataset: { field: name } },
    h("label", { for: id }, labelText), control, hintEl, errorEl);
}

/** A group of checkboxes or radios in a fieldset with a legend (channels, claims, visibility). */
export function choiceGroup(legend, name, options, { type = "checkbox", selected = [], hint, onChange } = {}) {
  const errorEl = h("p", { class: "field-error", id: uid("err"), hidden: true });
  const hintEl = hint ? h("p", { class: "hint", id: uid("hint") }, hint) : null;
  return h("fieldset", { class: "field choices", dataset: { field: name },
    "aria-describedby": [hintEl?.id, errorEl.id].filter(Boolean).join(" ") },
  h("legend", null, legend),
  hintEl,
  h("div", { class: "choice-row" }, options.map(([value, text]) => {
    const id = uid("c");
    return h("span", { class: "choice" },
      h("input", { type, id, name, value, checked: selected.includes(value), onchange: onChange }),
      h("label", { for: id }, text));
  })),
  errorEl);
}

export function checkedValues(form, name) {
  return [...form.querySelectorAll(`input[name="${CSS.escape(name)}"]:checked`)].map((i) => i.value);
}

export function clearErrors(form, summary) {
  for (const el of form.querySelectorAll(".field-error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  if (summary) {
    summary.hidden = true;
    summary.replaceChildren();
  }
}

/**
 * Shows an ApiError on a form: each field error next to the most specific element whose data-field matches (the
 * field or a parent of it), all of them in the summary (role=alert), which takes focus so keyboard and screen-reader
 * users land on it. Errors that match no element (or a message without field errors) appear in the summary only.
 */
export function showErrors(form, summary, error) {
  clearErrors(form, summary);
  const items = [];
  for (const e of error.errors ?? []) {
    const target = fieldCandidates(e.field)
      .map((c) => form.querySelector(`[data-field="${CSS.escape(c)}"]`))
      .find(Boolean);
    if (target) {
      const slot = target.querySelector(":scope > .field-error");
      slot.hidden = false;
      slot.append(slot.textContent ? " " : "", h("span", { class: "sr-prefix" }, "Error: "), e.message);
      const control = target.matches("input, select, textarea") ? target
        : target.querySelector("input, select, textarea");
      control?.setAttribute("aria-invalid", "true");
      if (target.matches("fieldset")) target.setAttribute("aria-invalid", "true");
    }
    const name = target ? fieldName(target) : e.field;
    items.push(h("li", null, target
      ? h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); target.querySelector("input, select, textarea")?.focus(); } },
        `${name}: ${e.message}`)
      : `${name}: ${e.message}`));
  }
  if (summary) {
    replace(summary,
      h("p", { class: "summary-title" }, items.length ? `Please fix ${items.length === 1 ? "this problem" : `these ${items.length} problems`}:` : error.message),
      items.length ? h("ul", null, items) : null);
    summary.hidden = false;
    summary.focus();
  }
}

/** What a person calls a field: its label, after its row's legend ("Deliverable 1 – Format"). */
function fieldName(target) {
  const own = target.querySelector(":scope > label, :scope > legend")?.textContent ?? target.dataset.field;
  const row = target.closest(".row");
  const rowName = row && row !== target ? row.querySelector(":scope > legend")?.textContent : null;
  return rowName ? `${rowName} – ${own}` : own;
}

/** The error summary box a form shows its problems in (focusable, announced). */
export function errorSummary() {
  return h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
}

/** Runs an async action with the button disabled and marked busy (no double submissions). */
export async function busy(button, action) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

/**
 * A repeatable group of rows (deliverables, members, approvers, budget lines). Each row is a fieldset whose legend
 * and data-field follow its position ("members[1]", "members[1].userId"), so API errors land on the right row.
 * `makeRow(values)` returns {controls: [[key, labelText, control]…]}; `values()` gives one object per row.
 */
export function rowList({ name, legend, rowLegend, addText, makeRow, initial = [] }) {
  const rows = h("div", { class: "rows" });
  const errorEl = h("p", { class: "field-error", hidden: true });
  const wrapper = h("fieldset", { class: "field row-list", dataset: { field: name } }, h("legend", null, legend), rows);
  const addButton = h("button", { type: "button", onclick: () => { add({}); renumber(); rows.lastElementChild?.querySelector("input, select")?.focus(); } }, addText);
  wrapper.append(errorEl, addButton);

  function renumber() {
    [...rows.children].forEach((row, i) => {
      row.dataset.field = `${name}[${i}]`;
      row.querySelector(":scope > legend").textContent = `${rowLegend} ${i + 1}`;
      for (const f of row.querySelectorAll(":scope > .field")) f.dataset.field = `${name}[${i}].${f.dataset.key}`;
      row.querySelector(":scope > .remove").textContent = `Remove ${rowLegend.toLowerCase()} ${i + 1}`;
    });
  }

  function add(values) {
    const { controls } = makeRow(values);
    const row = h("fieldset", { class: "row" }, h("legend", null, ""));
    for (const [key, text, control, opts] of controls) {
      const f = field(text, `${name}.${key}`, control, opts);
      f.dataset.key = key;
      control.dataset.key = key;
      row.append(f);
    }
    row.append(h("button", { type: "button", class: "remove link", onclick: () => { row.remove(); renumber(); addButton.focus(); } }, "Remove"));
    row.append(h("p", { class: "field-error", hidden: true }));
    rows.append(row);
  }

  initial.forEach(add);
  renumber();
  return {
    element: wrapper,
    values: () => [...rows.children].map((row) => Object.fromEntries(
      [...row.querySelectorAll("[data-key]")].filter((c) => c.matches("input, select, textarea"))
        .map((c) => [c.dataset.key, c.value]))),
  };
}
