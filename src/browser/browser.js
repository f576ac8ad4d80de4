// kakao-sync's calls into the browser, each documented beside its Rust import in src/browser/.
// The package ships this file minified (scripts/pkg.mjs), so comments here cost nothing.

export function href() {
  return location.href;
}

/** Empty outside a page (a server has no `navigator`, or one without a user agent). */
export function userAgent() {
  return globalThis.navigator?.userAgent ?? "";
}

export function replaceUrl(url) {
  history.replaceState(null, "", url);
}

/** Navigates unless a listener of the cancelable `kakaosync:navigate` event prevents it. */
export function navigate(url) {
  const event = new CustomEvent("kakaosync:navigate", { detail: url, cancelable: true });
  if (dispatchEvent(event)) location.assign(url);
}

export function fillRandom(bytes) {
  crypto.getRandomValues(bytes);
}

export function storageGet(key) {
  return sessionStorage.getItem(key);
}

export function storageSet(key, value) {
  sessionStorage.setItem(key, value);
}

export function storageRemove(key) {
  sessionStorage.removeItem(key);
}

/**
 * One request to the backend, with the session cookie; `finish` gets what came back:
 * `{status, json: true, body}` (`body` undefined for an empty answer), `{status, json: false}`
 * when the answer was not JSON, or `{unreachable: message}` when no answer arrived.
 */
export function request(method, url, body, finish) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const init = { method, credentials: "include", headers, body: body && JSON.stringify(body) };
  return fetch(url, init)
    .then(
      async (response) => {
        const text = await response.text();
        try {
          return { status: response.status, json: true, body: text ? JSON.parse(text) : undefined };
        } catch {
          return { status: response.status, json: false };
        }
      },
      (error) => ({ unreachable: String(error?.message ?? "fetch failed") }),
    )
    .then(finish);
}
