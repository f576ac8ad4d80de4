// kakao-sync's browser calls, each documented beside its Rust import in src/browser/ (the
// package ships this file minified: scripts/pkg.mjs).
export const href = () => location.href;
export const userAgent = () => globalThis.navigator?.userAgent ?? "";
export const replaceUrl = (url) => history.replaceState(null, "", url);
export function navigate(url) {
  if (dispatchEvent(new CustomEvent("kakaosync:navigate", { detail: url, cancelable: true }))) location.assign(url);
}
export const fillRandom = (bytes) => crypto.getRandomValues(bytes);
export function storage(key, value) {
  if (value === null) sessionStorage.removeItem(key);
  else if (value !== undefined) sessionStorage.setItem(key, value);
  return sessionStorage.getItem(key);
}
export function request(method, url, body, finish) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(url, { method, credentials: "include", headers, body: body && JSON.stringify(body) })
    .then((response) => response.text().then((text) => {
      try {
        return { status: response.status, json: true, body: text ? JSON.parse(text) : undefined };
      } catch {
        return { status: response.status, json: false };
      }
    }), (error) => ({ unreachable: String(error?.message ?? "fetch failed") }))
    .then(finish);
}
