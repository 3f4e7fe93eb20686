// Building DOM without HTML strings: every piece of data becomes a text node or an attribute value, so a title like
// `<img src=x onerror=alert(1)>` always renders as those characters. Nothing in the console uses innerHTML.

const FORBIDDEN_PROPS = new Set(["innerHTML", "outerHTML", "srcdoc"]);

/**
 * h("a", {href: "#/briefs", class: "btn"}, "Briefs") — props: `class`, `text`, `dataset`, `on<event>` handlers,
 * DOM properties for non-strings (checked, disabled, value), attributes for the rest. Children: nodes, strings
 * (as text), numbers, arrays, null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (FORBIDDEN_PROPS.has(key)) {
      throw new Error(`h(): ${key} is not allowed`);
    }
    if (value == null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "href" || key === "src" || key === "action") el.setAttribute(key, safeUrl(value));
    else if (typeof value !== "string" && key in el) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Only http(s), same-document (#…) and relative links; anything else (javascript:, data:) becomes "#". */
export function safeUrl(url) {
  const s = String(url).trim();
  if (s.startsWith("#") || s.startsWith("/") && !s.startsWith("//")) return s;
  try {
    const u = new URL(s, document.baseURI);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : "#";
  } catch {
    return "#";
  }
}

let idCounter = 0;
/** A unique element id, for label/for and aria-describedby pairs. */
export function uid(prefix = "f") {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
