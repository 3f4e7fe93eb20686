// Bulk job (#/bulk/{id}): a resize/convert job's progress (done + failed of total, skipped), refreshed every 2 s
// while it runs; once finished, links to the result manifest (CSV) and the ZIP; a failed job can be resumed.
// The numbers are written out in words too, so nothing depends on the bar.

import { h } from "../dom.js";
import { seg } from "../api.js";

/** Whole percent of total handled so far (0 for an empty job). */
export function percent(job) {
  return job.total > 0 ? Math.floor(((job.done + job.failed) * 100) / job.total) : 0;
}

export async function bulkPage(ctx) {
  const { api, params, navigate, flash, isCurrent } = ctx;
  const id = params[0];
  const job = await api.get(`/bulk-jobs/${seg(id)}`);
  const running = job.status === "RUNNING";
  if (running) {
    // Poll while this page is the one shown; a later navigation stops it.
    setTimeout(() => { if (isCurrent() && location.hash === `#/bulk/${id}`) navigate(`#/bulk/${id}`); }, 2000);
  }
  const pct = percent(job);
  const links = job.status !== "RUNNING" && job.manifestUrl ? h("p", { class: "actions" },
    h("a", { class: "btn", href: job.zipUrl, id: "bulk-zip" }, "Download the ZIP"), " ",
    h("a", { class: "btn", href: job.manifestUrl, id: "bulk-manifest" }, "Result manifest (CSV)")) : null;
  const resume = job.status === "FAILED" ? h("button", { type: "button", id: "bulk-resume", onclick: async () => {
    await api.post(`/bulk-jobs/${seg(id)}/resume`);
    flash("Resumed: items already done are kept.");
    navigate(`#/bulk/${id}`);
  } }, "Resume") : null;
  return h("section", { class: "bulk" },
    h("h1", null, "Bulk job"),
    h("p", null, `${job.presets.join(", ")} as ${job.format.toUpperCase()} · status `, h("strong", { id: "bulk-status" },
      job.status.toLowerCase())),
    h("progress", { id: "bulk-progress", max: String(job.total || 1), value: String(job.done + job.failed),
      "aria-label": "Items handled" }, `${pct}%`),
    h("p", { id: "bulk-counts", "aria-live": "polite" },
      `${job.done} done, ${job.failed} failed of ${job.total} (${pct}%); ${job.skipped} skipped when the job was created.`),
    job.error ? h("p", { class: "error-text", role: "alert" }, job.error) : null,
    links, resume,
    h("p", null, h("a", { href: "#/library" }, "Back to the library")));
}
