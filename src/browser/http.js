// JSON over fetch to the backend, in the few lines the browser needs; kakao-sync's Rust side
// turns the answer into typed results (`finish`, whose result or throw settles the promise).
// The session cookie is HttpOnly, so it travels with `credentials: "include"`, also when the
// backend is on another origin. `finish` gets `{status, json, body}`: `body` is the parsed JSON,
// undefined for an empty answer, and `json` is false when the answer was not JSON; or
// `{unreachable: message}` when no answer arrived.
export function request(method, url, body, finish) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const init = { method, credentials: "include", headers, body: body === undefined ? undefined : JSON.stringify(body) };
  return fetch(url, init).then((response) => response.text().then((text) => {
    try {
      return { status: response.status, json: true, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: response.status, json: false };
    }
  }), (error) => ({ unreachable: String(error?.message ?? "fetch failed") })).then(finish);
}
