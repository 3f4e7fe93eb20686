// Who is signed in. The ID token lives in sessionStorage (one tab, gone when the tab closes). Local mode gets tokens
// from the local cloud's sign-in (/_local/token); Cognito mode uses the hosted UI with the authorization code flow
// and PKCE, so no client secret and no token in the URL.

import { decodeJwt, isExpired, groupsOf } from "./jwt.js";

const TOKEN_KEY = "dam.idToken";
const PKCE_KEY = "dam.pkce";

export class Session {
  constructor(storage = sessionStorage) {
    this.storage = storage;
  }

  /** The token, or null when there is none or it has expired (then it is dropped). */
  token() {
    const t = this.storage.getItem(TOKEN_KEY);
    if (!t) return null;
    try {
      if (!isExpired(decodeJwt(t))) return t;
    } catch (e) {
      console.warn("dropping an unreadable token", e);
    }
    this.clear();
    return null;
  }

  /** {userId, email, roles, brands} from the token's claims, or null. */
  user() {
    const t = this.token();
    if (!t) return null;
    const c = decodeJwt(t);
    const brands = String(c["custom:brands"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    return { userId: c.sub, email: c.email ?? c.sub, roles: groupsOf(c), brands };
  }

  set(token) {
    decodeJwt(token); // refuse to store something that is not a JWT
    this.storage.setItem(TOKEN_KEY, token);
  }

  clear() {
    this.storage.removeItem(TOKEN_KEY);
  }
}

/** Local mode: the demo users the local cloud offers. */
export async function localUsers(apiUrl) {
  const res = await fetch(`${apiUrl}/_local/users`, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`cannot list demo users (HTTP ${res.status})`);
  return res.json();
}

/** Local mode: a token for `user` (a demo user's own roles and brands unless given). */
export async function localSignIn(apiUrl, user, roles, brands) {
  const body = { user };
  if (roles) body.roles = roles;
  if (brands) body.brands = brands;
  const res = await fetch(`${apiUrl}/_local/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.message || `sign-in failed (HTTP ${res.status})`);
  return data.token;
}

function redirectUri(cognito) {
  return cognito.redirectUri || `${location.origin}${location.pathname}`;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The S256 code challenge of a PKCE verifier (RFC 7636). */
export async function pkceChallenge(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** Cognito mode: go to the hosted UI. */
export async function cognitoSignIn(cognito) {
  if (!cognito.domain || !cognito.clientId) throw new Error("config.js: cognito.domain and cognito.clientId are required");
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const q = new URLSearchParams({
    response_type: "code",
    client_id: cognito.clientId,
    redirect_uri: redirectUri(cognito),
    scope: cognito.scopes.join(" "),
    state,
    code_challenge_method: "S256",
    code_challenge: await pkceChallenge(verifier),
  });
  location.assign(`${cognito.domain}/oauth2/authorize?${q}`);
}

/**
 * Cognito mode: on return from the hosted UI (?code=…&state=…) trade the code for tokens and clean the URL.
 * Returns true when a token was stored.
 */
export async function completeCognitoSignIn(cognito, session) {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  if (!code) return false;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || "null");
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, "", location.pathname + location.hash);
  if (!saved || saved.state !== params.get("state")) throw new Error("sign-in answer does not match this tab (state)");
  const res = await fetch(`${cognito.domain}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: cognito.clientId,
      code,
      redirect_uri: redirectUri(cognito),
      code_verifier: saved.verifier,
    }),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok || !data.id_token) throw new Error(data.error || `token exchange failed (HTTP ${res.status})`);
  session.set(data.id_token);
  return true;
}
