//! JSON over `fetch` to the backend. The session cookie is HttpOnly, so `credentials: include`
//! is how it travels, also when the backend is on another origin.

use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCredentials, RequestInit, Response};

use crate::browser::browser_error;
use crate::core::Error;

/// Sends a request with an optional JSON body. Resolves to the parsed JSON of a 2xx answer
/// (`undefined` for an empty one); any other status becomes [`Error::Backend`] with the
/// backend's stable code.
pub async fn call(method: &str, url: &str, body: Option<&JsValue>) -> Result<JsValue, Error> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::Include);
    let request = match body {
        Some(body) => {
            let json =
                js_sys::JSON::stringify(body).map_err(|e| browser_error("JSON.stringify", e))?;
            init.set_body(&json);
            let request = Request::new_with_str_and_init(url, &init)
                .map_err(|e| browser_error("Request", e))?;
            request
                .headers()
                .set("content-type", "application/json")
                .map_err(|e| browser_error("Headers", e))?;
            request
        }
        None => {
            Request::new_with_str_and_init(url, &init).map_err(|e| browser_error("Request", e))?
        }
    };
    request
        .headers()
        .set("accept", "application/json")
        .map_err(|e| browser_error("Headers", e))?;

    let window = super::window()?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| Error::BackendUnreachable(describe(&e)))?
        .unchecked_into();
    let status = response.status();
    let text = await_promise(response.text())
        .await?
        .as_string()
        .unwrap_or_default();
    let json = if text.is_empty() {
        JsValue::UNDEFINED
    } else {
        match js_sys::JSON::parse(&text) {
            Ok(json) => json,
            // A proxy's HTML error page: the status still becomes a typed error below.
            Err(_) if !response.ok() => JsValue::UNDEFINED,
            Err(_) => return Err(Error::BackendResponse(format!("status {status}: not JSON"))),
        }
    };
    if response.ok() {
        return Ok(json);
    }
    // The backend's `{code, message, kakaoError?, kakaoErrorCode?}`; a proxy's HTML error page
    // or an empty body still becomes a typed error.
    let field = |key: &str| {
        js_sys::Reflect::get(&json, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    Err(Error::Backend {
        status,
        code: field("code").unwrap_or_else(|| "http_error".into()),
        message: field("message").unwrap_or_else(|| format!("HTTP {status}")),
        kakao_error: field("kakaoError"),
        kakao_error_code: field("kakaoErrorCode"),
    })
}

async fn await_promise(p: Result<Promise, JsValue>) -> Result<JsValue, Error> {
    let p = p.map_err(|e| Error::BackendUnreachable(describe(&e)))?;
    JsFuture::from(p)
        .await
        .map_err(|e| Error::BackendUnreachable(describe(&e)))
}

fn describe(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "fetch failed".into())
}
