//! JSON over `fetch` to the backend. The request itself is a few lines of `browser.js`;
//! statuses and bodies become typed results here.

use crate::browser::builtins::Promise;
use crate::prelude::*;
use wasm_bindgen::prelude::*;

use crate::browser::shape::texts;
use crate::browser::{callback_once, get};
use crate::core::Error;
use crate::core::error::BackendError;
use crate::core::text::{concat, decimal};

#[wasm_bindgen(module = "/src/browser/browser.js")]
extern "C" {
    /// `fetch` with the session cookie (HttpOnly, so it travels with `credentials: "include"`,
    /// also to a backend on another origin). `finish`, whose result or throw settles the
    /// returned promise, gets `{status, json, body}` (`body` the parsed JSON, `undefined` for an
    /// empty answer; `json` false when the answer was not JSON), or `{unreachable: message}`
    /// when no answer arrived.
    fn request(method: &str, url: &str, body: Option<JsValue>, finish: JsValue) -> Promise;
}

/// What a request's answer becomes; boxed, so every caller shares one copy of [`call`].
pub type Finish = Box<dyn FnOnce(Result<JsValue, Error>) -> Result<JsValue, Error>>;

/// Sends a request with an optional JSON body; the promise settles with `finish` of the answer:
/// the parsed JSON of a 2xx answer (`undefined` for an empty one), or [`Error::Backend`] with
/// the backend's stable code for any other status.
pub fn call(method: &str, url: &str, body: Option<JsValue>, finish: Finish) -> Promise {
    let finish = callback_once(Box::new(move |answer| finish(read(&answer))));
    request(method, url, body, finish)
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
    if status == 403 && field("code").as_deref() == Some("consent_required") {
        let required_scopes = texts(&get(&body, "requiredScopes")).unwrap_or_default();
        return Err(Error::ConsentRequired { required_scopes });
    }
    Err(Error::Backend(Box::new(BackendError {
        status,
        code: field("code").unwrap_or_else(|| "http_error".into()),
        message: field("message").unwrap_or_else(|| concat(&["HTTP ", &decimal(status.into())])),
        kakao_error: field("kakaoError"),
        kakao_error_code: field("kakaoErrorCode"),
    })))
}
