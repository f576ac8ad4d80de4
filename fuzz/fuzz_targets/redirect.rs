//! The redirect page's parser of the URL Kakao sent the browser back to: any string is parsed
//! or refused, never a panic; a parsed redirect keeps its own parameters, and once the callback
//! parameters are stripped nothing is left to parse. Queries are decoded by the form_urlencoded
//! crate, which the browser tests hold equal to the module's decoder, `URLSearchParams`.
#![no_main]

use kakao_sync::core::redirect::{Redirect, strip_callback_params};
use libfuzzer_sys::fuzz_target;

fn form_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn parse_redirect(url: &str) -> Result<Redirect, kakao_sync::core::Error> {
    kakao_sync::core::redirect::parse_redirect(url, form_pairs)
}

fuzz_target!(|url: &str| {
    let Ok(redirect) = parse_redirect(url) else {
        return;
    };
    if let Redirect::Code { code, .. } = &redirect {
        assert!(!code.expose().is_empty(), "an empty code from {url:?}");
    }
    let stripped = strip_callback_params(url, form_pairs);
    assert!(
        parse_redirect(&stripped).is_err(),
        "{url:?} still parses once stripped to {stripped:?}"
    );
});
