// Pure helpers for forms (no DOM, so node's test runner checks them).

/**
 * Where to show an API field error: the field itself first, then its parents — "deliverables[0].format" →
 * "deliverables[0].format", "deliverables[0]", "deliverables"; "channels[2]" → "channels[2]", "channels".
 */
export function fieldCandidates(field) {
  const out = [];
  let f = String(field ?? "");
  while (f) {
    out.push(f);
    const cut = Math.max(f.lastIndexOf("."), f.lastIndexOf("["));
    f = cut > 0 ? f.slice(0, cut) : "";
  }
  return out;
}

/** One value per non-empty line (objectives, mandatory elements). */
export function lines(text) {
  return String(text ?? "").split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}

/** Comma- or whitespace-separated values (regions, tags, emails). */
export function words(text, { upper = false } = {}) {
  return String(text ?? "").split(/[\s,;]+/).map((s) => (upper ? s.toUpperCase() : s)).filter(Boolean);
}

/** A number typed by a person ("1 250,50" or "1250.5") as a JSON number, or the raw text when it is not one. */
export function amount(text) {
  const s = String(text ?? "").trim().replace(/\s/g, "");
  const normalised = /^\d+,\d{1,2}$/.test(s) ? s.replace(",", ".") : s;
  return normalised !== "" && Number.isFinite(Number(normalised)) ? Number(normalised) : s;
}

/** "in_production" → "In production" (status and role codes shown as words, never by colour alone). */
export function label(code) {
  const s = String(code ?? "").replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Money for display: the server's total as text, grouped, with the currency code. */
export function money(value, currency) {
  const n = Number(value);
  const text = Number.isFinite(n)
    ? n.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : String(value ?? "");
  return currency ? `${text} ${currency}` : text;
}
