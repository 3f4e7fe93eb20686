// The HTTP API client: JSON in and out, the caller's token as a Bearer header, and the API's one error shape
// ({message, errors:[{field, code, message}]}) turned into an ApiError the pages can show field by field.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
  }

  /** True for a 409 on expectedVersion: someone else changed the brief since it was read. */
  get stale() {
    return this.status === 409;
  }
}

/**
 * @param {object} o
 * @param {string} o.baseUrl        the API's base URL ("" = same origin)
 * @param {() => string|null} o.token  the current ID token
 * @param {() => void} o.onUnauthorized called on a 401 (expired or missing token)
 */
export function createApi({ baseUrl, token, onUnauthorized, fetchFn = (...a) => fetch(...a) }) {
  async function request(method, path, body, headers = {}) {
    const h = { Accept: "application/json", ...headers };
    if (body !== undefined) h["Content-Type"] = "application/json";
    const t = token();
    if (t) h.Authorization = `Bearer ${t}`;
    let res;
    try {
      res = await fetchFn(baseUrl + path, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
      });
    } catch (e) {
      throw new ApiError(0, { message: `The API could not be reached (${e.message}).` });
    }
    const text = await res.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = { message: text.slice(0, 300) };
      }
    }
    if (res.status === 401) onUnauthorized?.();
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }

  return {
    get: (path) => request("GET", path),
    post: (path, body, headers) => request("POST", path, body ?? {}, headers),
    patch: (path, body) => request("PATCH", path, body),
    put: (path, body) => request("PUT", path, body),
    del: (path) => request("DELETE", path),
  };
}

/** Path segment encoding for ids taken from the URL or data. */
export const seg = (s) => encodeURIComponent(String(s));
