//! The only code that touches the browser: location and history, randomness, the clock, the
//! tab's storage and HTTP to the backend. JS exceptions become [`Error`]s here, once.

pub mod http;
pub mod storage;

use wasm_bindgen::JsValue;
use web_sys::Window;

use crate::core::Error;

fn window() -> Result<Window, Error> {
    web_sys::window().ok_or_else(|| Error::Browser("no window (not running in a page)".into()))
}

fn browser_error(what: &str, e: JsValue) -> Error {
    let mut why = String::from(what);
    why.push_str(": ");
    why.push_str(&get(&e, "message").as_string().unwrap_or_default());
    Error::Browser(why)
}

/// `target[key]`, or `undefined` when `target` is not an object.
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Fills `buf` from `crypto.getRandomValues`, the browser's CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<(), Error> {
    let crypto = window()?.crypto().map_err(|e| browser_error("crypto", e))?;
    crypto
        .get_random_values_with_u8_array(buf)
        .map_err(|e| browser_error("crypto.getRandomValues", e))?;
    Ok(())
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The page's current URL.
pub fn href() -> Result<String, Error> {
    window()?
        .location()
        .href()
        .map_err(|e| browser_error("location.href", e))
}

/// The event dispatched on `window` before every navigation this module makes, with the URL as
/// `detail`. It is cancelable: a page that calls `preventDefault()` takes over the navigation
/// (to log it, open it elsewhere, or, in tests, to stay on the page).
pub const NAVIGATE_EVENT: &str = "kakaosync:navigate";

/// Navigates the tab (a top-level navigation, as Kakao's authorize page needs), unless a
/// listener of [`NAVIGATE_EVENT`] cancels it.
pub fn navigate(url: &str) -> Result<(), Error> {
    let window = window()?;
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&url.into());
    init.set_cancelable(true);
    let event = web_sys::CustomEvent::new_with_event_init_dict(NAVIGATE_EVENT, &init)
        .map_err(|e| browser_error("CustomEvent", e))?;
    if window
        .dispatch_event(&event)
        .map_err(|e| browser_error("dispatchEvent", e))?
    {
        window
            .location()
            .assign(url)
            .map_err(|e| browser_error("location.assign", e))?;
    }
    Ok(())
}

/// Replaces the address bar's URL without navigating or adding a history entry.
pub fn replace_url(url: &str) -> Result<(), Error> {
    let history = window()?
        .history()
        .map_err(|e| browser_error("history", e))?;
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .map_err(|e| browser_error("history.replaceState", e))
}

/// `navigator.userAgent`, or empty outside a page.
pub fn user_agent() -> String {
    window()
        .ok()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default()
}
