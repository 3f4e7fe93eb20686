// Uploads as the API plans them: ask the API for an upload (a new asset of a brief, or the next version of an
// asset), send the bytes straight to storage with XMLHttpRequest (the only browser API with upload progress) — one
// presigned PUT, or presigned parts then the API's complete call — and wait for ingest to accept or reject them.

import { seg } from "./api.js";

/** Version states after which ingest has nothing more to do. */
export const TERMINAL_STATES = ["ready", "rejected", "quarantined", "expired", "failed"];

const TYPES = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp",
  tif: "image/tiff", tiff: "image/tiff", pdf: "application/pdf", mp4: "video/mp4", mov: "video/quicktime",
  psd: "image/vnd.adobe.photoshop", svg: "image/svg+xml" };

/** The file's type as the browser knows it, else from its extension; the API and ingest check it anyway. */
export function contentTypeOf(file) {
  if (file.type) return file.type;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return TYPES[ext] ?? "application/octet-stream";
}

/** Byte ranges of a multipart plan: part i (1-based) is [start, end) of the file. */
export function partRanges(size, partSize, count) {
  const ranges = [];
  for (let i = 0; i < count; i += 1) {
    const start = i * partSize;
    ranges.push({ number: i + 1, start, end: i === count - 1 ? size : Math.min(size, start + partSize) });
  }
  return ranges;
}

/** Whole percent done, 0–100, from bytes sent so far (never 100 before every byte is acknowledged). */
export function percent(sent, total) {
  if (!total) return 100;
  const p = Math.floor((sent / total) * 100);
  return Math.max(0, Math.min(sent >= total ? 100 : 99, p));
}

/** Headers to send with a presigned PUT: the signed ones, except those the browser sets itself. */
export function putHeaders(planHeaders) {
  return Object.entries(planHeaders ?? {}).filter(([k]) => !/^(content-length|host)$/i.test(k));
}

/**
 * PUT `body` to `url` with XHR, reporting bytes sent. Resolves with the response's ETag (multipart parts need it).
 * `xhrFactory` is for tests.
 */
export function putWithProgress(url, body, headers, onBytes, xhrFactory = () => new XMLHttpRequest()) {
  return new Promise((resolve, reject) => {
    const xhr = xhrFactory();
    xhr.open("PUT", url);
    for (const [k, v] of headers) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onBytes(body.size);
        resolve(xhr.getResponseHeader("ETag"));
      } else {
        reject(new Error(`storage refused the upload (HTTP ${xhr.status})`));
      }
    };
    xhr.onerror = () => reject(new Error("the upload did not reach storage (network error)"));
    xhr.send(body);
  });
}

/**
 * Uploads one file. `target`: {briefId} (a new asset of the brief) or {assetId} (its next version).
 * Calls `onProgress(percent)` as bytes go out. Resolves with {assetId, version}.
 */
export async function uploadFile(api, file, target, onProgress, put = putWithProgress) {
  const body = { fileName: file.name, contentType: contentTypeOf(file), size: file.size };
  const ticket = target.assetId
    ? await api.post(`/assets/${seg(target.assetId)}/versions/uploads`, body)
    : await api.post("/assets", { ...body, briefId: target.briefId });
  const assetId = ticket.asset?.id ?? target.assetId;
  const version = ticket.version.number;
  const plan = ticket.plan;
  if (!plan) throw new Error("the API did not plan an upload for this file");
  if (plan.method === "multipart") {
    const ranges = partRanges(file.size, plan.partSize, plan.parts.length);
    const sent = new Map();
    const report = () => onProgress(percent([...sent.values()].reduce((a, b) => a + b, 0), file.size));
    const parts = [];
    for (const part of plan.parts) {
      const r = ranges[part.number - 1];
      const etag = await put(part.url, file.slice(r.start, r.end), [], (n) => { sent.set(part.number, n); report(); });
      if (!etag) throw new Error("storage did not return the part's ETag (CORS must expose it)");
      parts.push({ number: part.number, etag });
    }
    await api.post(plan.completePath, { parts });
  } else {
    await put(plan.url, file, putHeaders(plan.headers), (n) => onProgress(percent(n, file.size)));
  }
  onProgress(100);
  return { assetId, version };
}

/**
 * Polls the version until ingest is done with it (or `stillWanted()` turns false: the person left the page).
 * Resolves with the version, or null when abandoned.
 */
export async function awaitIngest(api, assetId, version, { intervalMs = 1000, stillWanted = () => true,
  onState = () => {} } = {}) {
  for (;;) {
    if (!stillWanted()) return null;
    const v = await api.get(`/assets/${seg(assetId)}/versions/${seg(version)}`);
    onState(v.state);
    if (TERMINAL_STATES.includes(v.state)) return v;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A rectangle dragged between two points inside a box of width × height pixels, as the API's relative anchor
 * (0..1, clamped to the box), or null when it is too small to mean anything.
 */
export function relativeRect(x0, y0, x1, y1, width, height, minPixels = 4) {
  const clamp = (v, max) => Math.max(0, Math.min(max, v));
  const ax = clamp(Math.min(x0, x1), width);
  const ay = clamp(Math.min(y0, y1), height);
  const bx = clamp(Math.max(x0, x1), width);
  const by = clamp(Math.max(y0, y1), height);
  if (bx - ax < minPixels || by - ay < minPixels || !width || !height) return null;
  const r = (v) => Math.round(v * 10000) / 10000;
  return { kind: "region", x: r(ax / width), y: r(ay / height), w: r((bx - ax) / width), h: r((by - ay) / height) };
}
