//! The only code that touches the browser: location and history, randomness, the clock, the
//! tab's storage, HTTP to the backend, and the plain objects that cross to JavaScript
//! (`shape`). The calls themselves are one-liners in `browser.js`; JS exceptions become
//! [`Error`]s here, once. `backend` builds on these: the client below both the `KakaoSync` class
//! (`js`) and the components (`ui`).

use crate::browser::builtins::Promise;
use crate::prelude::*;

#[macro_use]
pub mod shape;
pub mod builtins;
// Its TypeScript declarations stay in `kakao-sync/share`'s .d.ts; its client is unused there.
#[cfg_attr(feature = "share", allow(dead_code))]
pub mod backend;
pub mod http;
pub mod storage;

use wasm_bindgen::prelude::*;

use crate::core::Error;
use crate::core::text::concat;

#[wasm_bindgen(module = "/src/browser/browser.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn href() -> Result<String, JsValue>;
    /// `navigator.userAgent`, or empty outside a page.
    #[wasm_bindgen(js_name = userAgent)]
    pub fn user_agent() -> String;
    #[wasm_bindgen(catch, js_name = replaceUrl)]
    fn replace_url_js(url: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = navigate)]
    fn navigate_js(url: &str) -> Result<(), JsValue>;
    /// `location.origin`, or empty outside a page.
    pub fn origin() -> String;
    /// The query's names and values, flat: `[name, value, name, value, ...]`.
    #[wasm_bindgen(js_name = queryPairs)]
    fn query_pairs_js(query: &str) -> builtins::Array;
    #[wasm_bindgen(catch, js_name = fillRandom)]
    fn fill_random_js(bytes: &mut [u8]) -> Result<(), JsValue>;
    /// `crypto.subtle.digest("SHA-256", data)`; `finish`, whose result or throw settles the
    /// returned promise, gets the digest (a `Uint8Array`), or `{unavailable: message}` where the
    /// page has no `crypto.subtle` (neither HTTPS nor localhost) or it failed.
    #[wasm_bindgen(js_name = sha256)]
    fn sha256_js(data: &[u8], finish: JsValue) -> Promise;
    /// Copies the `Uint8Array` `from` into `to`, which has its length.
    #[wasm_bindgen(js_name = copyBytes)]
    fn copy_bytes(from: &JsValue, to: &mut [u8]);
}

fn browser_error(what: &str, e: JsValue) -> Error {
    let detail = get(&e, "message").as_string().unwrap_or_default();
    Error::Browser(concat(&[what, ": ", &detail]))
}

/// A JS function calling `f`, owned by JavaScript: it lives as long as something (a listener,
/// a promise) holds it. Every callback of the module has this one shape (the backend call's, the
/// UI's), so the module carries one closure adapter for them all.
pub(crate) fn callback(f: Box<dyn FnMut(JsValue) -> Result<JsValue, JsValue>>) -> JsValue {
    Closure::wrap(f).into_js_value()
}

/// A JS function calling `f` the first time it is called, as a promise's continuation is; a
/// second call (which cannot happen) does nothing.
pub(crate) fn callback_once(f: Box<dyn FnOnce(JsValue) -> Result<JsValue, Error>>) -> JsValue {
    let mut f = Some(f);
    callback(Box::new(move |arg| match f.take() {
        Some(f) => f(arg).map_err(JsValue::from),
        None => Ok(JsValue::UNDEFINED),
    }))
}

/// `target[key]`, or `undefined` when `target` is not an object.
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    builtins::reflect_get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The `(name, value)` pairs of `query` as the browser's `URLSearchParams` decodes them: the
/// module's [`QueryDecoder`](crate::core::url::QueryDecoder).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    let flat = query_pairs_js(query);
    let text = |i| flat.get(i).as_string().unwrap_or_default();
    (0..flat.length() / 2)
        .map(|i| (text(2 * i), text(2 * i + 1)))
        .collect()
}

/// Fills `buf` from `crypto.getRandomValues`, the browser's CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<(), Error> {
    fill_random_js(buf).map_err(|e| browser_error("crypto.getRandomValues", e))
}

/// SHA-256 of `data` by the platform (`crypto.subtle.digest`, which a page has when served over
/// HTTPS or from localhost): the promise settles with `then` of the digest, or rejects with
/// [`Error::Browser`] where the platform cannot hash.
pub fn sha256(data: &[u8], then: Box<dyn FnOnce([u8; 32]) -> Result<JsValue, Error>>) -> Promise {
    sha256_js(
        data,
        callback_once(Box::new(move |answer| {
            if let Some(why) = get(&answer, "unavailable").as_string() {
                return Err(Error::Browser(concat(&["crypto.subtle.digest: ", &why])));
            }
            let mut digest = [0; 32];
            copy_bytes(&answer, &mut digest);
            then(digest)
        })),
    )
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    builtins::date_now()
}

/// The page's current URL.
pub fn current_url() -> Result<String, Error> {
    href().map_err(|e| browser_error("location.href", e))
}

/// Navigates the tab (a top-level navigation, as Kakao's authorize page needs), unless a
/// listener of the cancelable `kakaosync:navigate` event it first dispatches on `window` (with
/// the URL as `detail`) calls `preventDefault()`.
pub fn navigate(url: &str) -> Result<(), Error> {
    navigate_js(url).map_err(|e| browser_error("navigate", e))
}

/// Replaces the address bar's URL without navigating or adding a history entry.
pub fn replace_url(url: &str) -> Result<(), Error> {
    replace_url_js(url).map_err(|e| browser_error("history.replaceState", e))
}
