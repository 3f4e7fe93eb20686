// The review of one asset version: its preview with the annotations pinned on it (drag a rectangle to add one),
// the threads (replies, resolve/reopen, the creator's answer), the round and stage status, and the reviewer's
// decision (approve / request changes / reject with a comment) — all native controls, so keyboard operable.

import { h, replace } from "../dom.js";
import { seg } from "../api.js";
import { label } from "../fields.js";
import { errorSummary, showErrors, clearErrors, busy, field } from "../forms.js";
import { relativeRect } from "../uploads.js";

export async function reviewPage(ctx) {
  const { api, params, query, session } = ctx;
  const id = params[0];
  const base = `/assets/${seg(id)}`;
  const view = await api.get(base);
  const latest = view.asset.latestVersion;
  const n = Number(query.get("version")) || latest;
  const [review, preview, annotations, brief] = await Promise.all([
    api.get(`${base}/review`).catch((e) => (e.status === 404 ? null : Promise.reject(e))),
    api.get(`${base}/versions/${n}/preview`).catch((e) => ({ error: e.message })),
    api.get(`${base}/versions/${n}/annotations`).catch(() => ({ items: [] })),
    view.asset.briefId ? api.get(`/briefs/${seg(view.asset.briefId)}`).catch(() => null) : null,
  ]);
  const me = session.user()?.email;
  const page = h("article", { class: "review", dataset: { assetId: id, version: n } });
  const state = { review, annotations: annotations.items };

  async function reload() {
    const [r, a] = await Promise.all([api.get(`${base}/review`).catch(() => null),
      api.get(`${base}/versions/${n}/annotations`)]);
    state.review = r;
    state.annotations = a.items;
    draw();
  }

  /** The workflow applies a decision asynchronously: reload until the review's status moves on (≤ 60 s). */
  async function settle(before) {
    for (let i = 0; i < 60 && ctx.isCurrent(); i += 1) {
      await reload();
      if (state.review?.status !== before) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  // --- the picture with its pins; dragging on it marks a region for a new annotation
  const img = preview?.rendition?.url
    ? h("img", { src: preview.rendition.url, alt: `Preview of version ${n}`, id: "review-image", draggable: "false" })
    : null;
  const pins = h("div", { class: "pins", "aria-hidden": "true" });
  const marquee = h("div", { class: "marquee", hidden: true });
  const stage = h("div", { class: "image-stage", id: "image-stage" }, img, pins, marquee);
  let pending = null; // the region dragged, waiting for its comment

  const regionText = h("p", { class: "hint", id: "region-text" }, "Drag a rectangle on the image to pin a comment to it, or comment on the whole image.");
  const noteSummary = errorSummary();
  const note = h("textarea", { rows: 3, maxlength: 4000 });
  const noteForm = h("form", { id: "annotation-form", onsubmit: async (ev) => {
    ev.preventDefault();
    await busy(noteButton, async () => {
      clearErrors(noteForm, noteSummary);
      try {
        await api.post(`${base}/versions/${n}/annotations`, { anchor: pending ?? undefined, body: note.value });
        note.value = "";
        pending = null;
        marquee.hidden = true;
        regionText.textContent = "Added. Drag another rectangle to pin the next comment.";
        await reload();
      } catch (e) {
        showErrors(noteForm, noteSummary, e);
      }
    });
  } }, noteSummary, regionText, field("Comment", "body", note));
  const noteButton = h("button", { type: "submit", class: "primary" }, "Add annotation");
  noteForm.append(noteButton);

  if (img) {
    let start = null;
    const point = (e) => {
      const r = img.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top, r.width, r.height];
    };
    stage.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      start = point(e);
      stage.setPointerCapture?.(e.pointerId);
    });
    stage.addEventListener("pointermove", (e) => {
      if (!start) return;
      const [x, y] = point(e);
      const rect = relativeRect(start[0], start[1], x, y, start[2], start[3], 1);
      if (rect) showBox(marquee, rect);
    });
    stage.addEventListener("pointerup", (e) => {
      if (!start) return;
      const [x, y] = point(e);
      pending = relativeRect(start[0], start[1], x, y, start[2], start[3]);
      start = null;
      if (pending) {
        showBox(marquee, pending);
        regionText.textContent = `Region marked at ${pct(pending.x)} from the left, ${pct(pending.y)} from the top, ${pct(pending.w)} × ${pct(pending.h)} of the image. Now write the comment.`;
        note.focus();
      } else {
        marquee.hidden = true;
        regionText.textContent = "That was too small for a region; drag a larger rectangle, or comment on the whole image.";
      }
    });
  }

  // --- decision
  const decisionSummary = errorSummary();
  const comment = h("textarea", { rows: 3, maxlength: 4000 });
  const decisionForm = h("form", { id: "decision-form", onsubmit: async (ev) => {
    ev.preventDefault();
    const choice = decisionForm.querySelector("input[name=decision]:checked")?.value;
    await busy(decisionButton, async () => {
      clearErrors(decisionForm, decisionSummary);
      try {
        if (!choice) throw Object.assign(new Error("Choose approve, request changes or reject."), { errors: [] });
        await api.post(`${base}/review/decision`, { decision: choice, comment: comment.value || undefined, version: n });
        ctx.flash(`Decision recorded: ${DECISIONS.find(([c]) => c === choice)[1]}.`);
        comment.value = "";
        await settle(state.review?.status);
      } catch (e) {
        showErrors(decisionForm, decisionSummary, e);
      }
    });
  } },
  decisionSummary,
  h("fieldset", { class: "field choices", dataset: { field: "decision" } },
    h("legend", null, "Your decision"),
    h("div", { class: "choice-row" }, DECISIONS.map(([value, text]) => h("span", { class: "choice" },
      h("input", { type: "radio", name: "decision", value, id: `decision-${value}`, required: true }),
      h("label", { for: `decision-${value}` }, text)))),
    h("p", { class: "field-error", hidden: true })),
  field("Decision comment", "comment", comment, { hint: "Required to request changes or reject." }));
  const decisionButton = h("button", { type: "submit", class: "primary" }, "Submit decision");
  decisionForm.append(decisionButton);

  const statusBox = h("section", { id: "review-status", "aria-labelledby": "status-h" });
  const threads = h("ol", { class: "threads", id: "threads" });

  function draw() {
    const r = state.review;
    page.dataset.status = r?.status ?? "none";
    replace(statusBox, h("h2", { id: "status-h" }, "Status"), r ? statusOf(r, n) : h("p", null, "No review has started for this asset yet."));
    replace(pins, state.annotations.filter((a) => a.anchor?.kind === "region").map((a) => {
      const box = h("div", { class: `pin${a.resolved ? " resolved" : ""}`, dataset: { annotationId: a.id } },
        h("span", { class: "pin-no" }, String(number(a))));
      showBox(box, a.anchor);
      return box;
    }));
    replace(threads, state.annotations.length ? state.annotations.map((a) => thread(a)) : h("li", { class: "hint" }, "No annotations on this version."));
  }

  const number = (a) => state.annotations.indexOf(a) + 1;

  function thread(a) {
    const where = a.anchor?.kind === "region"
      ? `Region ${pct(a.anchor.x)}, ${pct(a.anchor.y)} (${pct(a.anchor.w)} × ${pct(a.anchor.h)})`
      : a.anchor?.kind === "page" ? `Page ${a.anchor.page}` : a.anchor?.kind === "time" ? `${a.anchor.start}–${a.anchor.end} s` : "Whole image";
    const replyText = h("textarea", { rows: 2, maxlength: 4000 });
    const summary = errorSummary();
    const act = (path, body) => async (ev) => {
      ev.preventDefault();
      const button = ev.submitter ?? ev.currentTarget;
      await busy(button, async () => {
        clearErrors(form, summary);
        try {
          await api.post(`${base}/annotations/${seg(a.id)}/${path}`, body?.());
          await reload();
        } catch (e) {
          showErrors(form, summary, e);
        }
      });
    };
    const form = h("form", { class: "reply-form", onsubmit: act("replies", () => ({ body: replyText.value })) },
      summary, field(`Reply to annotation ${number(a)}`, "body", replyText),
      h("div", { class: "actions" },
        h("button", { type: "submit" }, "Reply"),
        h("button", { type: "button", onclick: act(a.resolved ? "reopen" : "resolve") }, a.resolved ? "Reopen" : "Resolve")));
    let answer = null;
    if (a.answer) {
      answer = h("p", { class: "answer" }, `Creator's answer: ${label(a.answer.code)}`, a.answer.reason ? ` — ${a.answer.reason}` : "");
    } else if (state.review && me === state.review.creator) {
      const reason = h("input", { type: "text", maxlength: 1000 });
      answer = h("div", { class: "answer-form actions" },
        h("button", { type: "button", onclick: act("answer", () => ({ answer: "accept" })) }, `Accept point ${number(a)}`),
        field("Reason to object", "reason", reason),
        h("button", { type: "button", onclick: act("answer", () => ({ answer: "object", reason: reason.value })) }, "Object"));
    }
    return h("li", { class: "thread", dataset: { annotationId: a.id, resolved: String(a.resolved) } },
      h("p", { class: "meta" }, h("strong", null, `${number(a)}. `), a.author, " · ", where, " · ",
        a.resolved ? "Resolved" : "Open", ` · round ${a.round}`),
      h("p", { class: "comment-body" }, a.body),
      a.replies.length ? h("ul", { class: "replies" }, a.replies.map((x) => h("li", null, h("span", { class: "meta" }, `${x.author}: `), h("span", { class: "reply-body" }, x.body)))) : null,
      answer, form);
  }

  draw();
  const versions = view.versions.map((v) => v.number);
  replace(page,
    h("header", { class: "page-head" },
      h("div", null,
        h("h1", null, `Review: ${view.asset.displayName ?? id}`),
        brief ? h("p", null, "Brief: ", h("a", { href: `#/briefs/${encodeURIComponent(brief.id)}`, class: "brief-title" }, brief.title)) : null,
        h("p", null, `Version ${n} of ${latest}`)),
      h("div", { class: "actions" },
        versions.length > 1 ? h("a", { class: "button", href: `#/assets/${encodeURIComponent(id)}/compare?from=${n > 1 ? n - 1 : 1}&to=${n > 1 ? n : 2}` }, "Compare versions") : null,
        h("a", { class: "button", href: `#/assets/${encodeURIComponent(id)}/upload` }, "Upload a new version"),
        h("a", { class: "button", href: `#/assets/${encodeURIComponent(id)}` }, "Asset details"))),
    statusBox,
    h("div", { class: "review-grid" },
      h("section", { "aria-labelledby": "img-h" }, h("h2", { id: "img-h" }, "Preview"),
        img ? stage : h("p", { class: "error-text" }, `⚠ No preview yet: ${preview?.error ?? "this version has no image rendition"}`),
        noteForm),
      h("section", { "aria-labelledby": "threads-h" }, h("h2", { id: "threads-h" }, "Annotations"), threads)),
    h("section", { "aria-labelledby": "decide-h" }, h("h2", { id: "decide-h" }, "Decide"), decisionForm));
  return page;
}

const DECISIONS = [["approve", "Approve"], ["changes", "Request changes"], ["reject", "Reject"]];

const pct = (v) => `${Math.round(v * 100)}%`;

function showBox(el, r) {
  el.hidden = false;
  el.style.left = `${r.x * 100}%`;
  el.style.top = `${r.y * 100}%`;
  el.style.width = `${r.w * 100}%`;
  el.style.height = `${r.h * 100}%`;
}

/** Review status, current round and each stage with its reviewers, all in words. */
function statusOf(r, shownVersion) {
  const round = r.rounds[r.rounds.length - 1];
  return h("div", null,
    h("p", null, h("span", { class: `badge review-${r.status}`, id: "review-state" }, label(r.status)),
      round ? ` Round ${round.number} (version ${round.version})${round.outcome ? `: ${label(round.outcome)}` : ""}` : "",
      r.openPoints ? ` · ${r.openPoints} open point${r.openPoints === 1 ? "" : "s"} waiting for the creator's answer` : "",
      round && round.version !== shownVersion ? ` · you are looking at version ${shownVersion}` : ""),
    round ? h("table", { class: "list stages" },
      h("caption", { class: "sr-only" }, "Stages of the current round"),
      h("thead", null, h("tr", null, ["Stage", "Rule", "Outcome", "Due", "Reviewers"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, round.stages.map((s) => h("tr", { dataset: { stage: s.name } },
        h("td", null, label(s.name)), h("td", null, s.rule), h("td", null, s.outcome ? label(s.outcome) : "Running"),
        h("td", null, s.dueAt ? new Date(s.dueAt).toLocaleString() : ""),
        h("td", null, h("ul", { class: "plain" }, s.reviewers.map((x) => h("li", null,
          `${x.reviewer}: ${x.decision ? label(x.decision) : label(x.state)}`, x.comment ? ` — “${x.comment}”` : "")))))))) : null);
}
