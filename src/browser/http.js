// JSON over fetch to the backend, in the few lines the browser needs; kakao-sync's Rust side
// turns the answer into typed results. The session cookie is HttpOnly, so it travels with
// `credentials: "include"`, also when the backend is on another origin. Resolves to
// `{status, body}`: `body` is the parsed JSON, undefined for an empty answer, and `json` is
// false when the answer was not JSON. Rejects only when no answer arrived.
export function request(method, url, body) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const init = { method, credentials: "include", headers, body: body === undefined ? undefined : JSON.stringify(body) };
  return fetch(url, init).then((response) => response.text().then((text) => {
    try {
      return { status: response.status, json: true, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: response.status, json: false };
    }
  }));
}
