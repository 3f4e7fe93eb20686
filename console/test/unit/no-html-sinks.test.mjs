// The console builds DOM from text only: no HTML-string sinks anywhere in its code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SINKS = /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(|createContextualFragment|\bsrcdoc\b/;

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === "node_modules" || name === "test") return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(m?js|html)$/.test(name) ? [p] : [];
  });
}

test("no HTML-string sinks in the console's code", () => {
  const files = sources(root);
  assert.ok(files.length >= 8, `found the sources: ${files}`);
  const offenders = files.filter((f) => readFileSync(f, "utf8").split("\n")
    .some((line) => SINKS.test(line) && !line.includes("FORBIDDEN_PROPS") && !line.trim().startsWith("//")));
  assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
});

test("index.html loads no inline script and sets a strict CSP", () => {
  const html = readFileSync(path.join(root, "index.html"), "utf8");
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline <script>");
  assert.match(html, /Content-Security-Policy/);
  assert.match(html, /script-src 'self'/);
});
