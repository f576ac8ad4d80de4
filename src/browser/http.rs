//! JSON over `fetch` to the backend. The request itself is a few lines of `browser.js`;
//! statuses and bodies become typed results here.

use crate::prelude::*;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::browser::get;
use crate::core::Error;
use crate::core::error::BackendError;
use crate::core::text::{concat, decimal};

#[wasm_bindgen(module = "/src/browser/browser.js")]
extern "C" {
    /// `fetch` with the session cookie (HttpOnly, so it travels with `credentials: "include"`,
    /// also to a backend on another origin). Resolves with `{status, json, body}`
    /// (`body` the parsed JSON, `undefined` for an empty answer; `json` false when the answer
    /// was not JSON), or `{unreachable: message}` when no answer arrived; rejects only when the
    /// answer's body breaks off.
    #[wasm_bindgen(js_name = request)]
    fn request_js(method: &str, url: &str, body: Option<JsValue>) -> Promise;
}

/// Sends a request with an optional JSON body. The answer is the parsed JSON of a 2xx answer
/// (`undefined` for an empty one), or [`Error::Backend`] with the backend's stable code for any
/// other status.
pub async fn request(method: &str, url: &str, body: Option<JsValue>) -> Result<JsValue, Error> {
    match request_js(method, url, body).await {
        Ok(answer) => read(&answer),
        // The answer's body broke off while it was read.
        Err(e) => Err(Error::BackendUnreachable(
            get(&e, "message").as_string().unwrap_or_default(),
        )),
    }
}

fn read(answer: &JsValue) -> Result<JsValue, Error> {
    if let Some(why) = get(answer, "unreachable").as_string() {
        return Err(Error::BackendUnreachable(why));
    }
    let status = get(answer, "status").as_f64().unwrap_or_default() as u16;
    let ok = (200..300).contains(&status);
    let body = get(answer, "body");
    if get(answer, "json").as_bool() != Some(true) {
        if ok {
            let why = concat(&["status ", &decimal(status.into()), ": not JSON"]);
            return Err(Error::BackendResponse(why));
        }
    } else if ok {
        return Ok(body);
    }
    // The backend's `{code, message, kakaoError?, kakaoErrorCode?}`; a proxy's HTML error page
    // or an empty body still becomes a typed error.
    let field = |key: &str| get(&body, key).as_string();
    Err(Error::Backend(Box::new(BackendError {
        status,
        code: field("code").unwrap_or_else(|| "http_error".into()),
        message: field("message").unwrap_or_else(|| concat(&["HTTP ", &decimal(status.into())])),
        kakao_error: field("kakaoError"),
        kakao_error_code: field("kakaoErrorCode"),
    })))
}
