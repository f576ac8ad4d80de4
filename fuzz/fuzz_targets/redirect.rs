//! The redirect page's parser of the URL Kakao sent the browser back to: any string is parsed
//! or refused, never a panic; a parsed redirect keeps its own parameters, and once the callback
//! parameters are stripped nothing is left to parse.
#![no_main]

use kakao_sync::core::redirect::{Redirect, parse_redirect, strip_callback_params};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|url: &str| {
    let Ok(redirect) = parse_redirect(url) else {
        return;
    };
    if let Redirect::Code { code, .. } = &redirect {
        assert!(!code.expose().is_empty(), "an empty code from {url:?}");
    }
    let stripped = strip_callback_params(url);
    assert!(
        parse_redirect(&stripped).is_err(),
        "{url:?} still parses once stripped to {stripped:?}"
    );
});
