// Copies the console's runtime libraries from node_modules into vendor/ (served with the console; no CDN, no build
// step). Run by npm after `npm ci` (postinstall), so the versions are the ones package-lock.json pins.

import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const libraries = [
  { name: "uplot", files: ["dist/uPlot.esm.js", "dist/uPlot.min.css", "LICENSE"] },
];

for (const lib of libraries) {
  const from = path.join(root, "node_modules", lib.name);
  const to = path.join(root, "vendor", lib.name);
  mkdirSync(to, { recursive: true });
  for (const file of lib.files) {
    copyFileSync(path.join(from, file), path.join(to, path.basename(file)));
  }
  const { version } = JSON.parse(readFileSync(path.join(from, "package.json"), "utf8"));
  console.log(`vendored ${lib.name}@${version} into vendor/${lib.name}`);
}
