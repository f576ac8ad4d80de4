//! The only code that touches the browser: location and history, randomness, the clock, the
//! tab's storage, HTTP to the backend, and the plain objects that cross to JavaScript
//! (`shape`). The calls themselves are one-liners in `browser.js`; JS exceptions become
//! [`Error`]s here, once. `backend` builds on these: the client below both the `KakaoSync` class
//! (`js`) and the components (`ui`).

use crate::prelude::*;

#[macro_use]
pub mod shape;
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
    #[wasm_bindgen(catch, js_name = fillRandom)]
    fn fill_random_js(bytes: &mut [u8]) -> Result<(), JsValue>;
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

/// `target[key]`, or `undefined` when `target` is not an object.
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Fills `buf` from `crypto.getRandomValues`, the browser's CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<(), Error> {
    fill_random_js(buf).map_err(|e| browser_error("crypto.getRandomValues", e))
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
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
