// Deployment settings for the console. Replaced at deploy time (S3 + CloudFront) with the stack's values;
// the defaults below are for `./dam up` (API and console on http://127.0.0.1:8080, AWS edge on :4566).
export default Object.freeze({
  // "local": pick a demo user (local JWTs from the local cloud's /_local/token).
  // "cognito": the Cognito hosted UI (authorization code + PKCE); fill in `cognito` below.
  mode: "local",
  // Base URL of the HTTP API; "" = same origin as the console.
  apiUrl: "",
  // The local cloud's AWS edge (the mail outbox lives at <edgeUrl>/_dam/outbox). Local mode only.
  edgeUrl: "http://127.0.0.1:4566",
  cognito: {
    domain: "", // e.g. "https://dam-example.auth.eu-west-1.amazoncognito.com"
    clientId: "",
    redirectUri: "", // "" = this page's origin + path
    scopes: ["openid", "email", "profile"],
  },
});
