// The upload, annotation, search, download and share helpers behind the console's library pages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { contentTypeOf, partRanges, percent, putHeaders, relativeRect, uploadFile, awaitIngest } from "../../js/uploads.js";
import { searchQuery } from "../../js/pages/library.js";
import { downloadQuery } from "../../js/pages/asset.js";
import { shareBody } from "../../js/pages/share.js";

test("content type from the browser, else from the extension", () => {
  assert.equal(contentTypeOf({ name: "a.bin", type: "image/png" }), "image/png");
  assert.equal(contentTypeOf({ name: "Hero.JPG", type: "" }), "image/jpeg");
  assert.equal(contentTypeOf({ name: "noext", type: "" }), "application/octet-stream");
});

test("multipart ranges cover the file exactly, the last part shorter", () => {
  const r = partRanges(25, 10, 3);
  assert.deepEqual(r, [{ number: 1, start: 0, end: 10 }, { number: 2, start: 10, end: 20 }, { number: 3, start: 20, end: 25 }]);
});

test("percent reaches 100 only with every byte", () => {
  assert.equal(percent(0, 200), 0);
  assert.equal(percent(199, 200), 99);
  assert.equal(percent(200, 200), 100);
  assert.equal(percent(250, 200), 100);
});

test("signed headers go on the PUT except those the browser owns", () => {
  assert.deepEqual(putHeaders({ "Content-Type": "image/png", "Content-Length": "12" }), [["Content-Type", "image/png"]]);
  assert.deepEqual(putHeaders(null), []);
});

test("a dragged rectangle becomes a relative region in either drag direction, clamped to the image", () => {
  assert.deepEqual(relativeRect(150, 100, 50, 20, 200, 200), { kind: "region", x: 0.25, y: 0.1, w: 0.5, h: 0.4 });
  assert.deepEqual(relativeRect(-20, -20, 300, 50, 200, 100), { kind: "region", x: 0, y: 0, w: 1, h: 0.5 });
  assert.equal(relativeRect(10, 10, 12, 40, 200, 200), null, "too narrow");
});

function fakeApi(responses) {
  const calls = [];
  return {
    calls,
    post: async (path, body) => { calls.push(["POST", path, body]); return responses.shift(); },
    get: async (path) => { calls.push(["GET", path]); return responses.shift(); },
  };
}

test("a new asset of a brief: one presigned PUT with the signed type, progress to 100", async () => {
  const api = fakeApi([{ asset: { id: "a1" }, version: { number: 1 },
    plan: { method: "single", url: "http://s3/put", headers: { "Content-Type": "image/png", "Content-Length": "4" } } }]);
  const puts = [];
  const seen = [];
  const file = { name: "x.png", type: "image/png", size: 4 };
  const put = async (url, body, headers, onBytes) => { puts.push([url, headers]); onBytes(2); onBytes(4); return "\"e\""; };
  const r = await uploadFile(api, file, { briefId: "b1" }, (p) => seen.push(p), put);
  assert.deepEqual(r, { assetId: "a1", version: 1 });
  assert.deepEqual(api.calls, [["POST", "/assets", { fileName: "x.png", contentType: "image/png", size: 4, briefId: "b1" }]]);
  assert.deepEqual(puts, [["http://s3/put", [["Content-Type", "image/png"]]]]);
  assert.deepEqual(seen, [50, 100, 100]);
});

test("a next version by multipart: each part PUT, the ETags completed through the API", async () => {
  const api = fakeApi([{ version: { number: 2 }, plan: { method: "multipart", partSize: 3, completePath: "/assets/a1/versions/2/uploads/complete",
    parts: [{ number: 1, url: "u1" }, { number: 2, url: "u2" }] } }, {}]);
  const slices = [];
  const file = { name: "big.tif", type: "", size: 5, slice: (a, b) => ({ size: b - a, range: [a, b] }) };
  const put = async (url, body, headers, onBytes) => { slices.push([url, body.range]); onBytes(body.size); return `"${url}"`; };
  const r = await uploadFile(api, file, { assetId: "a1" }, () => {}, put);
  assert.deepEqual(r, { assetId: "a1", version: 2 });
  assert.deepEqual(slices, [["u1", [0, 3]], ["u2", [3, 5]]]);
  assert.equal(api.calls[0][1], "/assets/a1/versions/uploads");
  assert.deepEqual(api.calls[1], ["POST", "/assets/a1/versions/2/uploads/complete",
    { parts: [{ number: 1, etag: "\"u1\"" }, { number: 2, etag: "\"u2\"" }] }]);
});

test("ingest is polled until the version is ready or rejected", async () => {
  const api = fakeApi([{ state: "uploading" }, { state: "processing" }, { state: "rejected", reasons: [{ code: "spoofed_type" }] }]);
  const states = [];
  const v = await awaitIngest(api, "a1", 1, { intervalMs: 1, onState: (s) => states.push(s) });
  assert.equal(v.state, "rejected");
  assert.deepEqual(states, ["uploading", "processing", "rejected"]);
  assert.equal(await awaitIngest(api, "a1", 1, { stillWanted: () => false }), null);
});

test("the library's URL becomes the API query: text, facets (OR within one), pass-through filters, cursor", () => {
  const q = searchQuery(new URLSearchParams("q=%20face%20hero%20&type=image,video&status=approved&brief=b1&junk=1"), "c1");
  assert.equal(q.toString(), "q=face+hero&type=image%2Cvideo&status=approved&brief=b1&limit=20&cursor=c1");
});

test("download asks for a preset, a free size or the original", () => {
  assert.equal(downloadQuery({ preset: "instagram-square", format: "png", version: 2 }).toString(), "format=png&preset=instagram-square&version=2");
  assert.equal(downloadQuery({ preset: "custom", format: "jpeg", width: "800", height: "" }).toString(), "format=jpeg&width=800");
  assert.equal(downloadQuery({ preset: "original", format: "png" }).toString(), "");
});

test("a share body: expiry at the end of the chosen day, the cap as a number, password only when given", () => {
  assert.deepEqual(shareBody({ expires: "2030-01-31", maxDownloads: "5", password: "", presets: ["story"] }),
    { expiresAt: "2030-01-31T23:59:59Z", maxDownloads: 5, presets: ["story"] });
  assert.equal(shareBody({ expires: "2030-01-31", maxDownloads: "5", password: "long enough", presets: [] }).password, "long enough");
});
