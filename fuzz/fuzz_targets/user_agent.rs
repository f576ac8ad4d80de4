//! The in-app browser classifier and its escape hatch, on any User-Agent and any URL (the input's
//! first line and the rest): no panic, an ordinary browser gets no escape URL, and an escape URL
//! holds no ASCII space or control character.
#![no_main]

use kakao_sync::core::user_agent::{detect, external_browser_url};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let (ua, url) = input
        .split_once('\n')
        .unwrap_or((input, "https://example.com/"));
    let browser = detect(ua);
    match external_browser_url(url, ua) {
        None => {}
        Some(out) => {
            assert!(
                browser.in_app(),
                "an escape URL for an ordinary browser: {ua:?}"
            );
            assert!(
                // Non-ASCII passes through as in the page's own URL; the browser encodes it.
                !out.bytes()
                    .any(|b| b.is_ascii_whitespace() || b.is_ascii_control()),
                "{out:?} from {url:?}"
            );
        }
    }
});
