//! The browser module in real headless Chromium: sessionStorage, navigation, exactly-once
//! redirect handling, address-bar cleanup and the shape of the errors JavaScript sees.
#![cfg(target_arch = "wasm32")]
// The size rules (clippy.toml) are the shipped module's; tests may format.
#![allow(
    clippy::disallowed_macros,
    clippy::disallowed_methods,
    clippy::disallowed_types
)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use js_sys::{JSON, Promise, Reflect};
use kakao_sync::core::login::Transaction;
use kakao_sync::js::client::KakaoSync;
use kakao_sync_wire::api::{Member, SessionRequest, SessionResponse};
use kakao_sync_wire::oauth::AuthorizationCode;
use serde::Serialize;
use sha2::Digest;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function captureNavigations() {
  window.__navigations = [];
  if (!window.__capturing) {
    window.__capturing = true;
    window.addEventListener("kakaosync:navigate", (e) => { e.preventDefault(); window.__navigations.push(e.detail); });
  }
}
export function navigations() { return window.__navigations.slice(); }
export function fetched() {
  if (window.__fetched === undefined) {
    window.__fetched = [];
    const real = window.fetch.bind(window);
    window.fetch = (input, init) => { window.__fetched.push(new URL(input.url ?? input, location.href).href); return real(input, init); };
  }
  return window.__fetched.slice();
}
export function pollute(key, value) {
  Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
}
export function unpollute(key) { delete Object.prototype[key]; }
export function answerFetchWith(status, body) {
  window.__sent = [];
  window.__realFetch ??= window.fetch;
  window.fetch = async (input, init) => {
    window.__sent.push({ url: String(input), method: init.method, body: init.body });
    return new Response(body, { status, headers: { "content-type": "application/json" } });
  };
}
export function restoreFetch() { window.fetch = window.__realFetch; }
export function sent() { return window.__sent.slice(); }
export function hideCryptoSubtle(hidden) {
  if (hidden) Object.defineProperty(crypto, "subtle", { value: undefined, configurable: true });
  else delete crypto.subtle;
}
export function pretendUserAgent(ua) {
  Object.defineProperty(navigator, "userAgent", { value: ua, configurable: true });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = captureNavigations)]
    fn capture_navigations();
    fn navigations() -> Vec<String>;
    #[wasm_bindgen(js_name = pretendUserAgent)]
    fn pretend_user_agent(ua: &str);
    /// Takes `crypto.subtle` away, as a page that is neither HTTPS nor localhost has it, or
    /// gives it back.
    #[wasm_bindgen(js_name = hideCryptoSubtle)]
    fn hide_crypto_subtle(hidden: bool);
    /// Every URL fetched since the first call, absolute.
    fn fetched() -> Vec<String>;
    /// Every `fetch` answers `status` with `body` until [`restore_fetch`]; [`sent`] lists the
    /// requests (`{url, method, body}`).
    #[wasm_bindgen(js_name = answerFetchWith)]
    fn answer_fetch_with(status: u16, body: &str);
    #[wasm_bindgen(js_name = restoreFetch)]
    fn restore_fetch();
    fn sent() -> Vec<JsValue>;
    fn pollute(key: &str, value: &str);
    fn unpollute(key: &str);
}

/// Keys set on `Object.prototype` for one test, as another bug on the page could; removed on
/// drop, so a failing test leaves no pollution behind.
struct Polluted(&'static [(&'static str, &'static str)]);

impl Polluted {
    fn with(pairs: &'static [(&'static str, &'static str)]) -> Self {
        for (key, value) in pairs {
            pollute(key, value);
        }
        Polluted(pairs)
    }
}

impl Drop for Polluted {
    fn drop(&mut self) {
        for (key, _) in self.0 {
            unpollute(key);
        }
    }
}

const REDIRECT_URI: &str = "https://app.example/auth/kakao";
const ENDPOINT: &str = "http://127.0.0.1:9/oauth/authorize";
/// Nothing listens on the discard port: the backend is unreachable, fast.
const DEAD_BACKEND: &str = "http://127.0.0.1:9/api/kakao";

fn client() -> KakaoSync {
    let options = JSON::parse(&format!(
        r#"{{"clientId":"rest-key","redirectUri":"{REDIRECT_URI}","authorizeEndpoint":"{ENDPOINT}","backendUrl":"{DEAD_BACKEND}","serviceTerms":["tos"]}}"#
    ))
    .unwrap();
    KakaoSync::new(options).unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

fn stored_transaction() -> Option<Transaction> {
    let stored = storage().get_item("kakao-sync:transaction").unwrap()?;
    Some(Transaction::decode(&stored).expect("the stored transaction is readable"))
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

/// Awaits a promise the module returns.
async fn resolve(p: impl Into<JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(Promise::from(p.into())).await
}

fn error_code(e: &JsValue) -> String {
    assert!(
        e.is_instance_of::<js_sys::Error>(),
        "rejections are Error instances"
    );
    assert_eq!(text(e, "name"), "KakaoSyncError");
    text(e, "code")
}

/// Puts `url` in the address bar without navigating.
fn set_address(url: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .unwrap();
}

/// Makes the address this page's with `query_and_fragment`, as Kakao's redirect would; returns
/// the address before, to put back with [`set_address`].
fn redirect_to_this_page(query_and_fragment: &str) -> String {
    let page = web_sys::window().unwrap().location().href().unwrap();
    let base = page.split(['?', '#']).next().unwrap();
    set_address(&format!("{base}{query_and_fragment}"));
    page
}

/// Starts a login with navigation captured; returns the authorize URL and the stored state.
async fn start_login(client: &KakaoSync, options: JsValue) -> (String, String) {
    storage().clear().unwrap();
    capture_navigations();
    resolve(client.login(options)).await.unwrap();
    let urls = navigations();
    assert_eq!(urls.len(), 1, "login navigates exactly once");
    let tx = stored_transaction().expect("login stores its transaction before navigating");
    (urls[0].clone(), tx.state.expose().to_owned())
}

#[wasm_bindgen_test]
async fn login_stores_one_transaction_and_navigates_to_kakao_with_it() {
    let c = client();
    let (url, state) = start_login(&c, JsValue::UNDEFINED).await;
    let tx = stored_transaction().unwrap();
    let verifier = tx.code_verifier.expose();
    assert!(
        url.starts_with(&format!("{ENDPOINT}?client_id=rest-key&redirect_uri=")),
        "{url}"
    );
    assert!(
        url.contains(&format!("&state={state}&nonce={}&", tx.nonce.expose())),
        "{url}"
    );
    assert!(url.contains("&service_terms=tos&"), "{url}");
    // The platform's SHA-256 (crypto.subtle) against the sha2 crate's, base64url by the base64 crate.
    let challenge = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier));
    assert!(
        url.ends_with(&format!(
            "&code_challenge={challenge}&code_challenge_method=S256"
        )),
        "{url}"
    );
    assert_eq!(tx.redirect_uri, REDIRECT_URI);
    assert!(tx.expires_at > js_sys::Date::now());

    let (_, second_state) = start_login(&c, JsValue::UNDEFINED).await;
    assert_ne!(state, second_state, "every login gets a fresh state");
}

/// The platform's SHA-256 (`crypto.subtle.digest`), which gives the PKCE challenge, agrees with
/// the sha2 crate on every padding boundary (55, 56 and 64 bytes, in the first three blocks).
#[wasm_bindgen_test]
async fn the_platforms_sha256_matches_the_sha2_crate() {
    for len in 0..=200usize {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
        let digest = kakao_sync::browser::sha256(
            &data,
            Box::new(|digest| Ok(js_sys::Uint8Array::from(&digest[..]).into())),
        );
        let digest = js_sys::Uint8Array::new(&resolve(digest).await.unwrap()).to_vec();
        assert_eq!(
            digest,
            sha2::Sha256::digest(&data).as_slice(),
            "{len} bytes"
        );
    }
}

/// Fragments that exercise every branch of query decoding: separators, `+`, valid, malformed and
/// truncated escapes, escapes of bytes that are not UTF-8 on their own, multi-byte characters,
/// and the `?` a query may start with.
#[rustfmt::skip]
const QUERY_PIECES: &[&str] = &[
    "a", "Z", "0", "-", ".", "_", "~", "*", "!", "'", "(", ")", "/", "?", "#", " ", "\t",
    "%", "+", "&", "=", "&&", "==", "%zz", "%4", "%4g", "%41", "%2B", "%2b", "%26", "%3D", "%25",
    "%20", "%C3%A9", "%c3", "%FF", "%E2%82", "%E2%82%AC", "%ED%A0%80", "é", "카", "😀", "\u{0}",
];

/// The browser's `URLSearchParams` (the module's query decoder) reads queries as the
/// form_urlencoded crate (the host tests' decoder) does, so `parseRedirect` refuses the same URLs
/// in both.
#[wasm_bindgen_test]
fn the_browsers_query_decoding_matches_the_form_urlencoded_crate() {
    let pairs =
        kakao_sync::browser::query_pairs("a=1&&b=x+y%2Bz&c&d==e&%E2%82%AC=%zz%4%&=v&e=%FF%C3");
    let expected = [
        ("a", "1"),
        ("b", "x y+z"),
        ("c", ""),
        ("d", "=e"),
        ("€", "%zz%4%"),
        ("", "v"),
        ("e", "\u{fffd}\u{fffd}"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(pairs, expected);
    assert!(kakao_sync::browser::query_pairs("").is_empty());
    assert!(kakao_sync::browser::query_pairs("&&").is_empty());
    for first in QUERY_PIECES {
        for second in QUERY_PIECES {
            let query = format!("{first}{second}={second}{first}&{second}");
            let theirs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            assert_eq!(
                kakao_sync::browser::query_pairs(&query),
                theirs,
                "{query:?}"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn without_crypto_subtle_login_is_a_typed_error_that_leaves_nothing_behind() {
    let c = client();
    storage().clear().unwrap();
    capture_navigations();
    hide_crypto_subtle(true);
    let result = resolve(c.login(JsValue::UNDEFINED)).await;
    hide_crypto_subtle(false);
    let e = result.expect_err("login rejects");
    assert_eq!(error_code(&e), "browser_unavailable");
    assert!(text(&e, "message").contains("crypto.subtle.digest"));
    assert!(navigations().is_empty(), "no navigation");
    assert!(stored_transaction().is_none(), "no transaction stored");
    start_login(&c, JsValue::UNDEFINED).await;
}

#[wasm_bindgen_test]
async fn a_cancelled_login_resolves_cancelled_once_and_a_reload_is_already_handled() {
    let c = client();
    let (_, state) = start_login(&c, JsValue::UNDEFINED).await;
    let url = format!(
        "{REDIRECT_URI}?error=access_denied&error_description=User%20denied%20access&state={state}"
    );
    let first = resolve(c.handle_redirect(Some(url.clone()))).await.unwrap();
    assert_eq!(text(&first, "status"), "cancelled");
    assert!(
        stored_transaction().is_none(),
        "the transaction is consumed"
    );
    let again = resolve(c.handle_redirect(Some(url.clone()))).await.unwrap();
    assert_eq!(
        text(&again, "status"),
        "cancelled",
        "a second call in the page shares the first result"
    );
    // A reload is a new page: the in-page memo is gone, only sessionStorage remains.
    let reload = resolve(c.handle_redirect(Some(format!("{url}&utm=reload"))))
        .await
        .unwrap_err();
    assert_eq!(error_code(&reload), "already_handled");
    // The page's own address bar was cleaned of Kakao's parameters: reloaded or revisited, it is
    // the same finished login, not a malformed redirect.
    let cleaned = resolve(c.handle_redirect(Some(format!("{REDIRECT_URI}?utm=reload"))))
        .await
        .unwrap_err();
    assert_eq!(error_code(&cleaned), "already_handled");
}

#[wasm_bindgen_test]
async fn a_forged_state_is_refused_and_keeps_the_real_login() {
    let c = client();
    let (_, state) = start_login(&c, JsValue::UNDEFINED).await;
    let forged =
        resolve(c.handle_redirect(Some(format!("{REDIRECT_URI}?code=stolen&state=forged"))))
            .await
            .unwrap_err();
    assert_eq!(error_code(&forged), "state_mismatch");
    let missing = resolve(c.handle_redirect(Some(format!("{REDIRECT_URI}?code=stolen"))))
        .await
        .unwrap_err();
    assert_eq!(error_code(&missing), "state_missing");
    assert_eq!(
        stored_transaction().unwrap().state.expose().to_owned(),
        state,
        "the real login is still there"
    );
    let cancel = format!("{REDIRECT_URI}?error=access_denied&state={state}");
    assert_eq!(
        text(
            &resolve(c.handle_redirect(Some(cancel))).await.unwrap(),
            "status"
        ),
        "cancelled"
    );
}

#[wasm_bindgen_test]
async fn malformed_redirects_and_stray_visits_are_typed_errors() {
    let c = client();
    storage().clear().unwrap();
    let e = resolve(c.handle_redirect(Some(format!("{REDIRECT_URI}?code=a&code=b&state=s"))))
        .await
        .unwrap_err();
    assert_eq!(error_code(&e), "malformed_redirect");
    let e = resolve(c.handle_redirect(Some(format!("{REDIRECT_URI}?code=a&state=s"))))
        .await
        .unwrap_err();
    assert_eq!(error_code(&e), "no_transaction");
}

#[wasm_bindgen_test]
async fn the_code_is_sent_once_and_removed_from_the_address_bar() {
    let c = client();
    let (_, state) = start_login(&c, JsValue::UNDEFINED).await;
    let window = web_sys::window().unwrap();
    let page = redirect_to_this_page(&format!("?keep=1&code=secret-code&state={state}#top"));

    let before = fetched().len();
    let first = c.handle_redirect(None);
    let second = c.handle_redirect(None);
    let href = window.location().href().unwrap();
    assert!(
        !href.contains("code=") && !href.contains("state="),
        "cleaned at once: {href}"
    );
    assert!(
        href.contains("?keep=1#top"),
        "other parameters and the fragment stay: {href}"
    );
    let e1 = resolve(first).await.unwrap_err();
    let e2 = resolve(second).await.unwrap_err();
    assert_eq!(error_code(&e1), "backend_unreachable");
    assert_eq!(error_code(&e2), "backend_unreachable");
    assert_eq!(fetched().len() - before, 1, "two calls, one POST /session");
    assert!(stored_transaction().is_none());
    set_address(&page);
}

#[wasm_bindgen_test]
async fn auto_login_runs_only_in_kakaotalk_and_only_once_per_tab() {
    let c = client();
    storage().clear().unwrap();
    capture_navigations();
    assert_eq!(
        resolve(c.auto_login()).await.unwrap(),
        JsValue::FALSE,
        "not in KakaoTalk"
    );
    assert!(navigations().is_empty());

    pretend_user_agent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.5",
    );
    assert_eq!(resolve(c.auto_login()).await.unwrap(), JsValue::TRUE);
    let urls = navigations();
    assert_eq!(urls.len(), 1);
    assert!(urls[0].contains("&prompt=none&"), "{}", urls[0]);
    let state = stored_transaction().unwrap().state.expose().to_owned();

    let answer = format!(
        "{REDIRECT_URI}?error=consent_required&error_description=user%20consent%20required.&state={state}"
    );
    let outcome = resolve(c.handle_redirect(Some(answer))).await.unwrap();
    assert_eq!(text(&outcome, "status"), "signup_required");
    assert_eq!(
        resolve(c.auto_login()).await.unwrap(),
        JsValue::FALSE,
        "no second silent round trip: no loop"
    );
    assert_eq!(navigations().len(), 1);
}

#[wasm_bindgen_test]
async fn options_are_read_from_their_own_properties_never_the_prototype_chain() {
    const EVIL: &str = "https://evil.example/steal";
    let polluted = Polluted::with(&[("backendUrl", EVIL), ("authorizeEndpoint", EVIL)]);
    let options = JSON::parse(&format!(
        r#"{{"clientId":"rest-key","redirectUri":"{REDIRECT_URI}"}}"#
    ))
    .unwrap();
    let c = KakaoSync::new(options).unwrap();
    let (url, state) = start_login(&c, JsValue::UNDEFINED).await;
    assert!(
        url.starts_with("https://kauth.kakao.com/oauth/authorize?client_id=rest-key&"),
        "the default endpoint, not the polluted one: {url}"
    );

    let page = redirect_to_this_page(&format!("?code=secret-code&state={state}"));
    let before = fetched().len();
    let _ = resolve(c.handle_redirect(None)).await;
    set_address(&page);
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert_eq!(
        fetched()[before..],
        [format!("{origin}/api/kakao/session")],
        "the code and verifier go to the default backend only"
    );
    drop(polluted);
}

#[wasm_bindgen_test]
fn bad_options_fail_loudly_with_invalid_config() {
    for options in [
        r#"{"clientId":"k","redirectURI":"https://a.example/cb"}"#,
        r#"{"clientId":"","redirectUri":"https://a.example/cb"}"#,
        r#"{"clientId":"k","redirectUri":"/cb"}"#,
    ] {
        let e = KakaoSync::new(JSON::parse(options).unwrap())
            .err()
            .expect(options);
        assert_eq!(error_code(&e), "invalid_config", "{options}");
    }
}

#[wasm_bindgen_test]
async fn terms_tags_that_are_not_an_array_of_strings_reject_before_any_request() {
    let c = client();
    let fetches = fetched().len();
    for tags in [r#""tos""#, r#"["tos", 1]"#, "null", r#"{"0":"tos"}"#] {
        let tags = JSON::parse(tags).unwrap();
        let e = resolve(c.agree_service_terms(tags.clone()))
            .await
            .unwrap_err();
        assert_eq!(error_code(&e), "invalid_config");
        let e = resolve(c.revoke_service_terms(tags)).await.unwrap_err();
        assert_eq!(error_code(&e), "invalid_config");
    }
    assert_eq!(fetched().len(), fetches, "nothing reached the backend");
}

#[wasm_bindgen_test]
fn pure_helpers_return_the_documented_shapes() {
    let url = kakao_sync::js::build_authorize_url(
        JSON::parse(r#"{"clientId":"k","redirectUri":"https://a.example/cb","prompt":["none"]}"#)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        url,
        "https://kauth.kakao.com/oauth/authorize?client_id=k&redirect_uri=https%3A%2F%2Fa.example%2Fcb&response_type=code&prompt=none"
    );
    let e = kakao_sync::js::build_authorize_url(
        JSON::parse(
            r#"{"clientId":"k","redirectUri":"https://a.example/cb","prompt":["none","login"]}"#,
        )
        .unwrap(),
    )
    .unwrap_err();
    assert_eq!(error_code(&e), "invalid_config");

    let r = kakao_sync::js::parse_redirect("https://a.example/cb?code=c&state=s").unwrap();
    assert_eq!(
        (text(&r, "kind"), text(&r, "code"), text(&r, "state")),
        ("code".into(), "c".into(), "s".into())
    );
    let r = kakao_sync::js::parse_redirect("https://a.example/cb?error=access_denied").unwrap();
    assert_eq!(text(&r, "error"), "access_denied");
    assert!(
        !Reflect::has(&r, &"state".into()).unwrap(),
        "absent fields are absent, not undefined"
    );

    let b = kakao_sync::js::detect_in_app_browser(Some(
        "Mozilla/5.0 (Linux; Android 14; wv) KAKAOTALK/10.8.3".into(),
    ));
    assert_eq!(get(&b, "inApp"), JsValue::TRUE);
    assert_eq!(text(&b, "app"), "kakaotalk");
    assert_eq!(text(&b, "os"), "android");
    assert_eq!(text(&b, "version"), "10.8.3");
    let plain = kakao_sync::js::detect_in_app_browser(Some(
        "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36".into(),
    ));
    assert!(get(&plain, "app").is_null());
}

/// Answers every `fetch` while it lives; puts the real one back on drop.
struct StubbedFetch;

impl StubbedFetch {
    fn answering(status: u16, body: &str) -> Self {
        answer_fetch_with(status, body);
        StubbedFetch
    }
}

impl Drop for StubbedFetch {
    fn drop(&mut self) {
        restore_fetch();
    }
}

#[wasm_bindgen_test]
async fn a_code_is_posted_as_wires_session_request_and_signs_in() {
    let c = client();
    let (_, state) = start_login(&c, JsValue::UNDEFINED).await;
    let tx = stored_transaction().unwrap();
    let answer = SessionResponse {
        member: Member {
            kakao_id: "4201".into(),
            nickname: Some("nick".into()),
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
            ..Member::default()
        },
        is_new_member: true,
        missing_required_terms: vec!["privacy".into()],
    };
    let answer_json = answer
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    let stub = StubbedFetch::answering(200, &String::from(JSON::stringify(&answer_json).unwrap()));

    let url = format!("{REDIRECT_URI}?code=the-code&state={state}");
    let outcome = resolve(c.handle_redirect(Some(url))).await.unwrap();
    let requests = sent();
    drop(stub);

    assert_eq!(requests.len(), 1, "one POST /session");
    assert_eq!(text(&requests[0], "url"), format!("{DEAD_BACKEND}/session"));
    assert_eq!(text(&requests[0], "method"), "POST");
    let body = JSON::parse(&text(&requests[0], "body")).unwrap();
    // wire refuses unknown fields: the body is exactly SessionRequest, with this login's secrets.
    let request: SessionRequest = serde_wasm_bindgen::from_value(body).unwrap();
    assert_eq!(
        request,
        SessionRequest {
            code: AuthorizationCode::new("the-code".into()),
            code_verifier: tx.code_verifier.clone(),
            nonce: tx.nonce.clone(),
            redirect_uri: REDIRECT_URI.into(),
        }
    );

    assert_eq!(text(&outcome, "status"), "signed_in");
    assert_eq!(get(&outcome, "isNewMember"), JsValue::TRUE);
    assert_eq!(text(&get(&outcome, "member"), "kakaoId"), "4201");
    let missing: Vec<String> =
        serde_wasm_bindgen::from_value(get(&outcome, "missingRequiredTerms")).unwrap();
    assert_eq!(missing, ["privacy"]);
    assert!(stored_transaction().is_none(), "the login is consumed");
}

#[wasm_bindgen_test]
async fn a_session_answer_without_the_member_is_the_backends_fault() {
    let c = client();
    let (_, state) = start_login(&c, JsValue::UNDEFINED).await;
    let stub = StubbedFetch::answering(200, r#"{"isNewMember":false,"missingRequiredTerms":[]}"#);
    let url = format!("{REDIRECT_URI}?code=the-code&state={state}");
    let e = resolve(c.handle_redirect(Some(url))).await.unwrap_err();
    drop(stub);
    assert_eq!(error_code(&e), "backend_response");
}
