// kakao-sync's calls into the browser, each documented beside its Rust import in src/browser/.
// The package ships this file minified (scripts/pkg.mjs), so comments here cost nothing.

export const href = () => location.href;

/** Empty outside a page (a server has no `navigator`, or one without a user agent). */
export const userAgent = () => globalThis.navigator?.userAgent ?? "";

export const replaceUrl = (url) => history.replaceState(null, "", url);

/** Navigates unless a listener of the cancelable `kakaosync:navigate` event prevents it. */
export function navigate(url) {
  if (dispatchEvent(new CustomEvent("kakaosync:navigate", { detail: url, cancelable: true }))) {
    location.assign(url);
  }
}

export const origin = () => globalThis.location?.origin ?? "";

export function poll(url, finish) {
  fetch(url, { credentials: "omit", headers: { accept: "application/json" } })
    .then(
      (response) => response.json().then(
        (body) => ({ status: response.status, body }),
        () => ({ status: response.status }),
      ),
      (error) => ({ unreachable: String(error?.message ?? "fetch failed") }),
    )
    .then(finish);
}

export const later = (ms, f) => setTimeout(f, ms);

export function announceTalkWait(view, detail) {
  view?.(detail);
  dispatchEvent(new CustomEvent("kakaosync:talkwait", { detail }));
}

/**
 * The (name, value) pairs of a URL's query (without its `?`) as URLSearchParams decodes them,
 * flat: [name, value, name, value, ...]. The `&` in front keeps a leading `?`, which is part of
 * the query, from being dropped as the constructor drops a query string's own `?`.
 */
export const queryPairs = (query) => [...new URLSearchParams("&" + query)].flat();

export const fillRandom = (bytes) => crypto.getRandomValues(bytes);

/**
 * SHA-256 by the platform: `finish` gets the digest of `bytes` (a Uint8Array), or
 * `{unavailable: message}` where there is no `crypto.subtle` (a page that is neither HTTPS nor
 * localhost) or it failed; the returned promise settles as `finish` does.
 */
export function sha256(bytes, finish) {
  const data = bytes.slice(); // `bytes` views the module's memory, valid only during this call
  return Promise.resolve()
    .then(() => crypto.subtle.digest("SHA-256", data))
    .then(
      (digest) => new Uint8Array(digest),
      (error) => ({ unavailable: String(error?.message ?? error) }),
    )
    .then(finish);
}

export const copyBytes = (from, to) => to.set(from);

export const storageGet = (key) => sessionStorage.getItem(key);

export const storageSet = (key, value) => sessionStorage.setItem(key, value);

/** Never throws: a value left behind where storage broke expires or mismatches. */
export function storageRemove(key) {
  try {
    sessionStorage.removeItem(key);
  } catch {}
}

/**
 * One request to the backend, with the session cookie; `finish` gets what came back:
 * `{status, json: true, body}` (`body` undefined for an empty answer), `{status, json: false}`
 * when the answer was not JSON, or `{unreachable: message}` when no answer arrived.
 */
export function request(method, url, body, finish) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(url, { method, credentials: "include", headers, body: body && JSON.stringify(body) })
    .then(
      (response) => response.text().then((text) => {
        try {
          return { status: response.status, json: true, body: text ? JSON.parse(text) : undefined };
        } catch {
          return { status: response.status, json: false };
        }
      }),
      (error) => ({ unreachable: String(error?.message ?? "fetch failed") }),
    )
    .then(finish);
}
