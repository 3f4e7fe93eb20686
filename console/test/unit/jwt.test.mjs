import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt, isExpired, groupsOf } from "../../js/jwt.js";
import { pkceChallenge } from "../../js/auth.js";
import { ApiError, createApi } from "../../js/api.js";

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");

test("reads a token's claims, including non-ASCII text", () => {
  const claims = { sub: "zoë@example.com", "cognito:groups": ["creator"], exp: 2000 };
  assert.deepEqual(decodeJwt(`${b64url({ alg: "RS256" })}.${b64url(claims)}.sig`), claims);
  assert.throws(() => decodeJwt("not-a-token"));
});

test("expiry with clock-skew slack", () => {
  assert.equal(isExpired({ exp: 1000 }, 900), false);
  assert.equal(isExpired({ exp: 1000 }, 980), true, "within the 30 s slack counts as expired");
  assert.equal(isExpired({}, 0), true, "no exp is not trusted");
});

test("groups as a JSON array or as API Gateway's [a b] string", () => {
  assert.deepEqual(groupsOf({ "cognito:groups": ["admin", "legal"] }), ["admin", "legal"]);
  assert.deepEqual(groupsOf({ "cognito:groups": "[admin legal]" }), ["admin", "legal"]);
  assert.deepEqual(groupsOf({}), []);
});

test("PKCE S256 challenge = base64url(sha256(verifier)), as node's crypto computes it", async () => {
  for (const verifier of ["abc", "x".repeat(43), randomBytes(32).toString("base64url")]) {
    assert.equal(await pkceChallenge(verifier), createHash("sha256").update(verifier).digest("base64url"));
  }
  assert.doesNotMatch(await pkceChallenge("abc"), /[+/=]/, "URL-safe, unpadded");
});

test("API client: bearer token, JSON body, the error shape, 401 handling", async () => {
  const calls = [];
  let unauthorized = 0;
  const replies = [
    { status: 201, body: { id: "b1" } },
    { status: 400, body: { message: "Invalid brief", errors: [{ field: "title", code: "required", message: "title is required" }] } },
    { status: 401, body: { message: "Unauthorized" } },
  ];
  const api = createApi({
    baseUrl: "http://api",
    token: () => "T",
    onUnauthorized: () => { unauthorized += 1; },
    fetchFn: async (url, init) => {
      calls.push({ url, init });
      const r = replies.shift();
      return { ok: r.status < 300, status: r.status, text: async () => JSON.stringify(r.body) };
    },
  });
  assert.deepEqual(await api.post("/briefs", { title: "x" }, { "Idempotency-Key": "k" }), { id: "b1" });
  assert.equal(calls[0].url, "http://api/briefs");
  assert.equal(calls[0].init.headers.Authorization, "Bearer T");
  assert.equal(calls[0].init.headers["Idempotency-Key"], "k");
  assert.equal(calls[0].init.body, '{"title":"x"}');
  const bad = await api.patch("/briefs/b1", {}).catch((e) => e);
  assert.ok(bad instanceof ApiError);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.errors.map((e) => e.field), ["title"]);
  const gone = await api.get("/me").catch((e) => e);
  assert.equal(gone.status, 401);
  assert.equal(unauthorized, 1);
  assert.equal(calls[2].init.body, undefined, "GET has no body");
});
