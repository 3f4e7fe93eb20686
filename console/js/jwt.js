// Reading (not verifying: the API Gateway authorizer does that) the claims of an ID token, to show who is signed in
// and to drop a token that has expired before sending it.

export function decodeJwt(token) {
  const parts = String(token).split(".");
  if (parts.length !== 3) throw new Error("not a JWT");
  const b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
  const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** True when the token has an `exp` at or before `nowSeconds` (with a little slack for clock skew). */
export function isExpired(claims, nowSeconds = Date.now() / 1000, skewSeconds = 30) {
  return typeof claims?.exp !== "number" || claims.exp - skewSeconds <= nowSeconds;
}

/** Cognito groups arrive as a JSON array in the token; tolerate the "[a b]" string form API Gateway passes on. */
export function groupsOf(claims) {
  const g = claims?.["cognito:groups"];
  if (Array.isArray(g)) return g.map(String);
  if (typeof g === "string") return g.replace(/^\[|\]$/g, "").split(/[\s,]+/).filter(Boolean);
  return [];
}
