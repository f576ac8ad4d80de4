//! KakaoTalk easy login (카카오톡으로 간편로그인) from a phone's own browser, as Kakao's SDKs do it:
//! the page opens KakaoTalk with a login request that carries a transaction id (`auth_tran_id`)
//! and `is_popup=true`, the user confirms in KakaoTalk, and the page polls kauth's
//! `apiweb/code.json` with that id until the authorization code is there.
//!
//! Kakao documents this only as behaviour of its SDKs, not as a REST protocol: the JavaScript
//! SDK's `Kakao.Auth.authorize` with `throughTalk` (default on) launches KakaoTalk and falls back
//! to the Kakao Account login page when KakaoTalk is missing
//! (<https://developers.kakao.com/docs/latest/en/kakaologin/js>). Every URL shape, parameter and
//! answer below comes from reading Kakao's open-source Flutter SDK, web target
//! (github.com/kakao/kakao_flutter_sdk, `packages/kakao_flutter_sdk_common/lib/src/web/login.dart`,
//! `…/web/kakao_flutter_sdk_plugin.dart`, `packages/kakao_flutter_sdk_auth/lib/src/auth_code.dart`
//! and `auth_api.dart` `codeForWeb`), checked against the JavaScript SDK 2.7.1 as summarised in
//! `shared/reference/kakao-talk-features.md` §2.2. Kakao may change any of it without notice.
//!
//! Neither SDK sends a PKCE `code_challenge` on this path, so the backend opens the transaction
//! (state and nonce kept server-side) and accepts a code without a verifier only for it. Kakao
//! never returns `state` here (the SDKs append their own to the redirect), so unlike the SDKs
//! the page does not send it to KakaoTalk at all: it stays between the page and the backend and
//! stands in for the verifier. Whoever reads the launch URL or races the poll for the code
//! still cannot exchange it.

use kakao_sync_wire::oauth::AuthorizationCode;

use crate::core::authorize::{AuthorizeRequest, Prompt, build_authorize_url};
use crate::core::error::Error;
use crate::core::text::{after, concat};
use crate::core::url::encode_component;
use crate::core::user_agent::{App, InAppBrowser, Os};
use crate::prelude::*;

/// Length of `auth_tran_id` in Kakao's JavaScript SDK 2.7.1 (60 random characters; the Flutter
/// SDK uses 20 of the same alphabet). The backend makes it; the page checks its shape.
pub const AUTH_TRAN_ID_LEN: usize = 60;

/// The Flutter SDK polls `code.json` once a second (`Future.delayed(1000 ms)`).
pub const POLL_INTERVAL_MS: f64 = 1000.0;

/// The SDKs give up after 600 polls, about ten minutes (`maxCount = 600`).
pub const SDK_WAIT_LIMIT_MS: f64 = 600.0 * POLL_INTERVAL_MS;

/// How long the page waits for KakaoTalk by default before it falls back to account login: long
/// enough to switch apps, confirm and agree to terms, far shorter than the SDK's ten minutes
/// during which a person would stare at a spinner.
pub const DEFAULT_WAIT_MS: f64 = 2.0 * 60.0 * 1000.0;
const _: () = assert!(DEFAULT_WAIT_MS <= SDK_WAIT_LIMIT_MS / 2.0);

/// Kakao's production kauth origin, where `apiweb/code.json` lives.
pub const DEFAULT_KAUTH_ORIGIN: &str = "https://kauth.kakao.com";

/// The iOS universal link that opens KakaoTalk (the Flutter SDK's `iosLoginUniversalLink`).
const IOS_UNIVERSAL_LINK: &str = "https://talk-apps.kakao.com/scheme/";

/// KakaoTalk's in-app browser scheme on iOS (the Flutter SDK's `iosInAppLoginScheme`).
const IOS_IN_APP_BROWSER: &str = "kakaotalk://inappbrowser?url=";

/// The Android activity that signs in with KakaoTalk's account and its launch flags, as both
/// SDKs write them.
const ANDROID_ACTION: &str = "com.kakao.talk.intent.action.CAPRI_LOGGED_IN_ACTIVITY";
const ANDROID_LAUNCH_FLAGS: &str = "0x08880000";

/// The phone whose KakaoTalk the page opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    Android,
    Ios,
}

/// Why a login goes to Kakao Account login rather than through KakaoTalk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotEligible {
    /// `throughTalk: false` on the client or the login.
    TurnedOff,
    /// No `javascriptKey`: `code.json` answers only to the app's JavaScript key.
    NoJavascriptKey,
    /// Neither iOS nor Android.
    NotAPhone,
    /// Already inside KakaoTalk: `autoLogin()` signs in there.
    InsideKakaoTalk,
    /// Instagram's or Facebook's in-app browser, which cannot hand over to KakaoTalk.
    BlockingInAppBrowser,
    /// `prompt=login` asks for the account page, `prompt=none` for no page at all.
    PromptExcludesTalk,
}

/// What decides between KakaoTalk and account login for one `login()`.
#[derive(Clone, Copy, Debug)]
pub struct Eligibility<'a> {
    pub browser: &'a InAppBrowser,
    pub through_talk: bool,
    pub javascript_key: Option<&'a str>,
    pub prompt: &'a [Prompt],
}

/// The phone to open KakaoTalk on, or why not. The conditions are the JavaScript SDK's
/// (iOS or Android, not inside KakaoTalk, no `prompt` `login` or `none`); Instagram and Facebook
/// are left out on iOS as well as Android, where the SDK checks them.
pub fn easy_login_platform(e: &Eligibility<'_>) -> Result<Platform, NotEligible> {
    if !e.through_talk {
        return Err(NotEligible::TurnedOff);
    }
    if e.javascript_key.is_none_or(|k| k.trim().is_empty()) {
        return Err(NotEligible::NoJavascriptKey);
    }
    let platform = match e.browser.os {
        Os::Android => Platform::Android,
        Os::Ios => Platform::Ios,
        Os::Other => return Err(NotEligible::NotAPhone),
    };
    match e.browser.app {
        Some(App::KakaoTalk) => return Err(NotEligible::InsideKakaoTalk),
        Some(App::Instagram | App::Facebook) => return Err(NotEligible::BlockingInAppBrowser),
        _ => {}
    }
    if e.prompt
        .iter()
        .any(|p| matches!(p, Prompt::Login | Prompt::None))
    {
        return Err(NotEligible::PromptExcludesTalk);
    }
    Ok(platform)
}

/// Whether a transaction id from the backend has the SDK's shape: 60 ASCII letters and digits.
pub fn is_auth_tran_id(value: &str) -> bool {
    value.len() == AUTH_TRAN_ID_LEN && value.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The SDKs' `ka` agent string. Kauth is believed to check its `origin/` against the app's
/// JavaScript SDK domains (UNCONFIRMED); the JavaScript SDK percent-encodes the origin.
pub fn ka_header(origin: &str, lang: &str) -> String {
    concat(&[
        "os/javascript lang/",
        lang,
        " origin/",
        &encode_component(origin),
    ])
}

/// One KakaoTalk login: what the backend opened and what the page asks for.
#[derive(Clone, Debug)]
pub struct TalkLogin<'a> {
    /// The app's JavaScript key: both SDKs send it as `client_id` here.
    pub javascript_key: &'a str,
    pub redirect_uri: &'a str,
    pub auth_tran_id: &'a str,
    /// The backend's nonce, which the id_token must carry.
    pub nonce: &'a str,
    pub scope: &'a [String],
    /// Only `create` and `select_account` can reach here (see [`easy_login_platform`]).
    pub prompt: &'a [Prompt],
    pub service_terms: &'a [String],
    pub channel_public_ids: &'a [String],
    /// From [`ka_header`].
    pub ka: &'a str,
    /// Defaults to Kakao's; the emulator's in tests.
    pub authorize_endpoint: Option<&'a str>,
    /// The account login the platform opens when KakaoTalk is missing: the page's own PKCE
    /// authorize URL, so that login finishes like any other.
    pub fallback_url: &'a str,
}

/// The URL that opens KakaoTalk on `platform`.
pub fn launch_url(platform: Platform, login: &TalkLogin<'_>) -> Result<String, Error> {
    match platform {
        Platform::Android => android_intent(login),
        Platform::Ios => ios_universal_link(login),
    }
}

/// The kauth authorize URL KakaoTalk's in-app browser opens on iOS: the request's parameters
/// with `auth_tran_id`, `ka` and `is_popup=true`, which makes kauth keep the code for
/// `code.json` instead of redirecting inside KakaoTalk. No `code_challenge`.
fn talk_authorize_url(login: &TalkLogin<'_>) -> Result<String, Error> {
    check(login)?;
    let mut url = build_authorize_url(&AuthorizeRequest {
        client_id: login.javascript_key,
        redirect_uri: login.redirect_uri,
        scope: login.scope,
        prompt: login.prompt,
        login_hint: None,
        service_terms: login.service_terms,
        channel_public_ids: login.channel_public_ids,
        state: None,
        nonce: Some(login.nonce),
        code_challenge: None,
        endpoint: login.authorize_endpoint,
    })?;
    for (name, value) in [
        ("auth_tran_id", login.auth_tran_id),
        ("ka", login.ka),
        ("is_popup", "true"),
    ] {
        url.push('&');
        url.push_str(name);
        url.push('=');
        url.push_str(&encode_component(value));
    }
    Ok(url)
}

/// iOS: `https://talk-apps.kakao.com/scheme/` + the encoded `kakaotalk://inappbrowser?url=…`
/// + `&web=` + the encoded fallback, which iOS opens when KakaoTalk is not installed.
fn ios_universal_link(login: &TalkLogin<'_>) -> Result<String, Error> {
    let in_app = concat(&[
        IOS_IN_APP_BROWSER,
        &encode_component(&talk_authorize_url(login)?),
    ]);
    Ok(concat(&[
        IOS_UNIVERSAL_LINK,
        &encode_component(&in_app),
        "&web=",
        &encode_component(login.fallback_url),
    ]))
}

/// Android: an `intent:` for KakaoTalk's login activity, its extras carrying the request as a
/// JSON object (`extraparams`), and `browser_fallback_url`, which Chrome opens when no app
/// handles the intent. The Flutter SDK writes the first extras unencoded; they are
/// percent-encoded here, which Android's intent parser decodes, so a `;` cannot end one early.
fn android_intent(login: &TalkLogin<'_>) -> Result<String, Error> {
    check(login)?;
    let join = |items: &[String]| comma_list(items.iter().map(String::as_str));
    let prompt = comma_list(login.prompt.iter().map(|p| p.as_str()));
    let (scope, terms, channels) = (
        join(login.scope),
        join(login.service_terms),
        join(login.channel_public_ids),
    );
    let params: [(&str, Option<&str>); 11] = [
        ("client_id", Some(login.javascript_key)),
        ("redirect_uri", Some(login.redirect_uri)),
        ("response_type", Some("code")),
        ("auth_tran_id", Some(login.auth_tran_id)),
        ("nonce", Some(login.nonce)),
        ("scope", scope.as_deref()),
        ("prompt", prompt.as_deref()),
        ("channel_public_id", channels.as_deref()),
        ("extra.service_terms", terms.as_deref()),
        ("ka", Some(login.ka)),
        ("is_popup", Some("true")),
    ];
    let extras = [
        ("S.com.kakao.sdk.talk.appKey", login.javascript_key),
        ("S.com.kakao.sdk.talk.redirectUri", login.redirect_uri),
        ("S.com.kakao.sdk.talk.kaHeader", login.ka),
    ];
    let mut url = concat(&[
        "intent:#Intent;action=",
        ANDROID_ACTION,
        ";launchFlags=",
        ANDROID_LAUNCH_FLAGS,
    ]);
    for (name, value) in extras {
        url.push(';');
        url.push_str(name);
        url.push('=');
        url.push_str(&encode_component(value));
    }
    url.push_str(";S.com.kakao.sdk.talk.extraparams=");
    url.push_str(&encode_component(&json_object(&params)));
    url.push_str(";S.browser_fallback_url=");
    url.push_str(&encode_component(login.fallback_url));
    url.push_str(";end;");
    Ok(url)
}

/// The items joined with commas, `None` for none. Not `[&str]::join`, whose overflow panic
/// brings core::fmt into the download.
fn comma_list<'i>(items: impl Iterator<Item = &'i str>) -> Option<String> {
    let mut out: Option<String> = None;
    for item in items {
        match &mut out {
            Some(list) => {
                list.push(',');
                list.push_str(item);
            }
            None => out = Some(item.to_owned()),
        }
    }
    out
}

/// What every launch needs beyond what [`build_authorize_url`] checks.
fn check(login: &TalkLogin<'_>) -> Result<(), Error> {
    if !is_auth_tran_id(login.auth_tran_id) {
        return Err(Error::InvalidConfig {
            field: "authTranId",
            reason: "must be 60 ASCII letters and digits",
        });
    }
    for (field, value) in [
        ("javascriptKey", login.javascript_key),
        ("nonce", login.nonce),
        ("fallbackUrl", login.fallback_url),
    ] {
        if value.trim().is_empty() {
            return Err(Error::InvalidConfig {
                field,
                reason: "must not be empty",
            });
        }
    }
    Ok(())
}

/// A flat JSON object of string members, absent ones left out.
fn json_object(members: &[(&str, Option<&str>)]) -> String {
    let mut out = String::from("{");
    for (name, value) in members {
        let Some(value) = value else { continue };
        if out.len() > 1 {
            out.push(',');
        }
        json_string(&mut out, name);
        out.push(':');
        json_string(&mut out, value);
    }
    out.push('}');
    out
}

/// RFC 8259 §7: quote, backslash and control characters escaped.
fn json_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                out.push_str("\\u00");
                for nibble in [u32::from(c) >> 4, u32::from(c) & 15] {
                    out.extend(HEX.get(nibble as usize).map(|b| char::from(*b)));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The origin of `authorize_endpoint` (`scheme://host[:port]`), where kauth's `code.json` lives
/// too; `None` (Kakao's) when no endpoint is given or it is not an http(s) URL.
pub fn kauth_origin(authorize_endpoint: Option<&str>) -> Option<&str> {
    let endpoint = authorize_endpoint?;
    let authority = after(endpoint, "://")?;
    let authority_len = authority
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(authority.len());
    endpoint.get(..endpoint.len() - authority.len() + authority_len)
}

/// `GET {kauth}/apiweb/code.json?client_id&auth_tran_id&ka`, as the Flutter SDK's `codeForWeb`
/// asks it. `kauth_origin` defaults to [`DEFAULT_KAUTH_ORIGIN`].
pub fn code_json_url(
    kauth_origin: Option<&str>,
    javascript_key: &str,
    auth_tran_id: &str,
    ka: &str,
) -> String {
    concat(&[
        kauth_origin
            .unwrap_or(DEFAULT_KAUTH_ORIGIN)
            .trim_end_matches(['/']),
        "/apiweb/code.json?client_id=",
        &encode_component(javascript_key),
        "&auth_tran_id=",
        &encode_component(auth_tran_id),
        "&ka=",
        &encode_component(ka),
    ])
}

/// The members of a `code.json` answer the page reads; the browser fills it from the JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeJson {
    pub code: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// `"300"` while KakaoTalk has not finished (JavaScript SDK 2.7.1).
    pub error_code: Option<String>,
    pub status: Option<String>,
}

/// What one poll said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollAnswer {
    /// KakaoTalk has not finished, or the poll did not reach kauth (the phone switched apps and
    /// suspended the page): ask again.
    Pending,
    /// The user confirmed in KakaoTalk.
    Code(AuthorizationCode),
    /// The user pressed cancel in KakaoTalk (`access_denied`).
    Denied,
    /// Anything else ends the wait: an unknown key, an expired transaction, kauth's `700`.
    Failed(String),
}

/// The pending marker of the JavaScript SDK 2.7.1: `error_code` `"300"`. Any other body that
/// names an error ends the wait (the SDK sends `700` to kauth's network error page and any other
/// error to the redirect URI); the Flutter SDK instead keeps polling on every body that contains
/// `error`, and a non-2xx status throws.
pub fn read_code_json(http_status: u16, body: &CodeJson) -> PollAnswer {
    if !(200..300).contains(&http_status) {
        return PollAnswer::Failed(concat(&[
            "code.json answered HTTP ",
            &status_text(http_status),
        ]));
    }
    if let Some(code) = body.code.as_deref().filter(|c| !c.is_empty()) {
        return PollAnswer::Code(AuthorizationCode::new(code.to_owned()));
    }
    if body.error.as_deref() == Some("access_denied") {
        return PollAnswer::Denied;
    }
    if body.error_code.as_deref() == Some("300") {
        return PollAnswer::Pending;
    }
    let reason = body
        .error
        .as_deref()
        .or(body.error_code.as_deref())
        .unwrap_or("an answer with neither code nor error");
    PollAnswer::Failed(reason.to_owned())
}

fn status_text(status: u16) -> String {
    crate::core::text::decimal(u64::from(status))
}

/// How long to wait for KakaoTalk; checked, so a page cannot wait forever or not at all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaitLimit(f64);

impl WaitLimit {
    /// `None` is [`DEFAULT_WAIT_MS`]; a value must be at least one poll and at most the SDK's
    /// ten minutes.
    pub fn new(ms: Option<f64>) -> Result<WaitLimit, Error> {
        let ms = ms.unwrap_or(DEFAULT_WAIT_MS);
        if !(POLL_INTERVAL_MS..=SDK_WAIT_LIMIT_MS).contains(&ms) {
            return Err(Error::InvalidConfig {
                field: "talkWaitMs",
                reason: "must be between 1000 and 600000 milliseconds",
            });
        }
        Ok(WaitLimit(ms))
    }

    pub fn ms(self) -> f64 {
        self.0
    }
}

/// Where a wait stands. Every phase but `Waiting` is final: nothing moves it again, so a late
/// answer cannot exchange a code twice or restart a login.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Waiting {
        deadline_ms: f64,
    },
    /// A code came; it went to the backend once.
    GotCode,
    /// Cancelled on the page or in KakaoTalk.
    Cancelled,
    /// Gone to Kakao Account login.
    FellBack(Fallback),
}

/// Why the page went to Kakao Account login.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// The wait ran out.
    TimedOut,
    /// The person chose "다른 방법으로 로그인".
    Chosen,
    /// `code.json` ended the transaction.
    Failed(String),
}

/// What happened on the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Polled(PollAnswer),
    /// The page's cancel button.
    Cancel,
    /// The page's "다른 방법으로 로그인" button.
    OtherWay,
}

/// What the page does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Poll `code.json` again at this time (milliseconds since the epoch).
    PollAt(f64),
    /// `POST /session` with this code and the transaction's state.
    Exchange(AuthorizationCode),
    /// Leave the waiting state and show the login button again.
    ShowCancelled,
    /// Navigate to Kakao Account login (the page's PKCE authorize URL).
    AccountLogin,
    /// The wait is over already; ignore the event.
    Nothing,
}

/// The page's wait for KakaoTalk.
#[derive(Clone, Debug, PartialEq)]
pub struct TalkWait {
    phase: Phase,
}

impl TalkWait {
    /// Starts waiting at `now_ms` (right after launching KakaoTalk); the first poll comes one
    /// interval later, as in the SDK.
    pub fn start(now_ms: f64, limit: WaitLimit) -> (TalkWait, Action) {
        let wait = TalkWait {
            phase: Phase::Waiting {
                deadline_ms: now_ms + limit.ms(),
            },
        };
        (wait, Action::PollAt(now_ms + POLL_INTERVAL_MS))
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// Moves the wait on `event` observed at `now_ms`.
    pub fn on(&mut self, event: Event, now_ms: f64) -> Action {
        let Phase::Waiting { deadline_ms } = self.phase else {
            return Action::Nothing;
        };
        let (phase, action) = match event {
            Event::Polled(PollAnswer::Code(code)) => (Phase::GotCode, Action::Exchange(code)),
            Event::Polled(PollAnswer::Denied) | Event::Cancel => {
                (Phase::Cancelled, Action::ShowCancelled)
            }
            Event::Polled(PollAnswer::Failed(why)) => {
                (Phase::FellBack(Fallback::Failed(why)), Action::AccountLogin)
            }
            Event::OtherWay => (Phase::FellBack(Fallback::Chosen), Action::AccountLogin),
            Event::Polled(PollAnswer::Pending) if now_ms >= deadline_ms => {
                (Phase::FellBack(Fallback::TimedOut), Action::AccountLogin)
            }
            Event::Polled(PollAnswer::Pending) => {
                return Action::PollAt(now_ms + POLL_INTERVAL_MS);
            }
        };
        self.phase = phase;
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::url::form_pairs;
    use crate::core::user_agent::detect;

    const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
    const SAMSUNG_INTERNET: &str = "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36";
    const SAFARI_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const CHROME_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1";
    const KAKAOTALK_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-S908N Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.134 Mobile Safari/537.36 KAKAOTALK/10.8.3 (INAPP)";
    const INSTAGRAM_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.3.12.92 (iPhone14,5; iOS 17_4_1; ko_KR; ko; scale=3.00; 1170x2532; 597418011)";
    const FACEBOOK_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.113 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/463.0.0.47.109;]";
    const CHROME_DESKTOP: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

    const TRAN: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWx";

    fn platform_for(ua: &str, prompt: &[Prompt]) -> Result<Platform, NotEligible> {
        easy_login_platform(&Eligibility {
            browser: &detect(ua),
            through_talk: true,
            javascript_key: Some("js-key"),
            prompt,
        })
    }

    #[test]
    fn phones_own_browsers_go_through_kakaotalk() {
        for ua in [CHROME_ANDROID, SAMSUNG_INTERNET] {
            assert_eq!(platform_for(ua, &[]), Ok(Platform::Android), "{ua}");
        }
        for ua in [SAFARI_IOS, CHROME_IOS] {
            assert_eq!(platform_for(ua, &[]), Ok(Platform::Ios), "{ua}");
        }
        assert_eq!(
            platform_for(SAFARI_IOS, &[Prompt::SelectAccount, Prompt::Create]),
            Ok(Platform::Ios)
        );
    }

    #[test]
    fn every_reason_to_use_account_login_instead() {
        assert_eq!(
            platform_for(CHROME_DESKTOP, &[]),
            Err(NotEligible::NotAPhone)
        );
        assert_eq!(
            platform_for(KAKAOTALK_ANDROID, &[]),
            Err(NotEligible::InsideKakaoTalk)
        );
        for ua in [INSTAGRAM_IOS, FACEBOOK_ANDROID] {
            assert_eq!(
                platform_for(ua, &[]),
                Err(NotEligible::BlockingInAppBrowser)
            );
        }
        for prompt in [Prompt::Login, Prompt::None] {
            assert_eq!(
                platform_for(CHROME_ANDROID, &[prompt]),
                Err(NotEligible::PromptExcludesTalk)
            );
        }
        let browser = detect(CHROME_ANDROID);
        let off = Eligibility {
            browser: &browser,
            through_talk: false,
            javascript_key: Some("js-key"),
            prompt: &[],
        };
        assert_eq!(easy_login_platform(&off), Err(NotEligible::TurnedOff));
        for key in [None, Some(" ")] {
            let no_key = Eligibility {
                through_talk: true,
                javascript_key: key,
                ..off
            };
            assert_eq!(
                easy_login_platform(&no_key),
                Err(NotEligible::NoJavascriptKey)
            );
        }
    }

    fn login<'a>(scope: &'a [String], terms: &'a [String]) -> TalkLogin<'a> {
        TalkLogin {
            javascript_key: "js-key",
            redirect_uri: "https://service.example/cb;x",
            auth_tran_id: TRAN,
            nonce: "no\"nce",
            scope,
            prompt: &[],
            service_terms: terms,
            channel_public_ids: &[],
            ka: "os/javascript lang/ko origin/https%3A%2F%2Fservice.example",
            authorize_endpoint: None,
            fallback_url: "https://kauth.kakao.com/oauth/authorize?client_id=rest&state=s2",
        }
    }

    /// Percent-decodes one component, for reading back what the builders wrote.
    fn decode(value: &str) -> String {
        form_pairs(&concat(&["v=", value])).remove(0).1
    }

    #[test]
    fn android_intent_opens_kakaotalks_login_activity_with_the_request_as_json() {
        let scope = vec!["openid".to_owned(), "account_email".to_owned()];
        let terms = vec!["tos".to_owned()];
        let url = launch_url(Platform::Android, &login(&scope, &terms)).unwrap();
        let fields: Vec<&str> = url.split(';').collect();
        assert_eq!(
            fields[..6],
            [
                "intent:#Intent",
                "action=com.kakao.talk.intent.action.CAPRI_LOGGED_IN_ACTIVITY",
                "launchFlags=0x08880000",
                "S.com.kakao.sdk.talk.appKey=js-key",
                "S.com.kakao.sdk.talk.redirectUri=https%3A%2F%2Fservice.example%2Fcb%3Bx",
                "S.com.kakao.sdk.talk.kaHeader=os%2Fjavascript%20lang%2Fko%20origin%2Fhttps%253A%252F%252Fservice.example",
            ]
        );
        assert_eq!(
            fields[7..],
            [
                "S.browser_fallback_url=https%3A%2F%2Fkauth.kakao.com%2Foauth%2Fauthorize%3Fclient_id%3Drest%26state%3Ds2",
                "end",
                "",
            ]
        );
        let json = decode(
            fields[6]
                .strip_prefix("S.com.kakao.sdk.talk.extraparams=")
                .unwrap(),
        );
        assert_eq!(
            json,
            concat(&[
                r#"{"client_id":"js-key","redirect_uri":"https://service.example/cb;x","#,
                r#""response_type":"code","auth_tran_id":""#,
                TRAN,
                r#"","nonce":"no\"nce","scope":"openid,account_email","#,
                r#""extra.service_terms":"tos","ka":"os/javascript lang/ko origin/https%3A%2F%2Fservice.example","#,
                r#""is_popup":"true"}"#,
            ])
        );
    }

    #[test]
    fn ios_universal_link_wraps_kakaotalks_in_app_browser_on_the_popup_authorize_page() {
        let url = launch_url(Platform::Ios, &login(&[], &[])).unwrap();
        let (link, web) = url
            .strip_prefix("https://talk-apps.kakao.com/scheme/")
            .unwrap()
            .split_once("&web=")
            .unwrap();
        assert_eq!(
            decode(web),
            "https://kauth.kakao.com/oauth/authorize?client_id=rest&state=s2"
        );
        let in_app = decode(link);
        let authorize = decode(
            in_app
                .strip_prefix("kakaotalk://inappbrowser?url=")
                .unwrap(),
        );
        assert_eq!(
            authorize,
            concat(&[
                "https://kauth.kakao.com/oauth/authorize?client_id=js-key",
                "&redirect_uri=https%3A%2F%2Fservice.example%2Fcb%3Bx&response_type=code",
                "&nonce=no%22nce&auth_tran_id=",
                TRAN,
                "&ka=os%2Fjavascript%20lang%2Fko%20origin%2Fhttps%253A%252F%252Fservice.example",
                "&is_popup=true",
            ])
        );
        assert!(!authorize.contains("code_challenge"));
        assert!(
            !authorize.contains("state"),
            "the state never leaves the page"
        );
    }

    #[test]
    fn launch_refuses_a_transaction_id_or_value_the_backend_would_not_give() {
        for bad in ["short", TRAN.replace('A', "-").as_str()] {
            let err = launch_url(
                Platform::Android,
                &TalkLogin {
                    auth_tran_id: bad,
                    ..login(&[], &[])
                },
            );
            assert!(
                matches!(
                    err,
                    Err(Error::InvalidConfig {
                        field: "authTranId",
                        ..
                    })
                ),
                "{bad}"
            );
        }
        let err = launch_url(
            Platform::Ios,
            &TalkLogin {
                fallback_url: "",
                ..login(&[], &[])
            },
        );
        assert!(matches!(
            err,
            Err(Error::InvalidConfig {
                field: "fallbackUrl",
                ..
            })
        ));
    }

    #[test]
    fn json_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            json_object(&[
                ("a", Some("q\"b\\c\n\u{1}é")),
                ("skip", None),
                ("b", Some(""))
            ]),
            r#"{"a":"q\"b\\c\u000a\u0001é","b":""}"#
        );
    }

    #[test]
    fn poll_url_carries_the_key_the_transaction_and_ka() {
        assert_eq!(
            code_json_url(
                Some("http://127.0.0.1:9000/"),
                "js key",
                TRAN,
                "os/javascript"
            ),
            concat(&[
                "http://127.0.0.1:9000/apiweb/code.json?client_id=js%20key&auth_tran_id=",
                TRAN,
                "&ka=os%2Fjavascript"
            ])
        );
        assert!(
            code_json_url(None, "k", TRAN, "ka").starts_with("https://kauth.kakao.com/apiweb/")
        );
        assert_eq!(
            ka_header("https://a.example", "ko"),
            "os/javascript lang/ko origin/https%3A%2F%2Fa.example"
        );
    }

    #[test]
    fn kauth_origin_is_the_authorize_endpoints() {
        assert_eq!(
            kauth_origin(Some("http://127.0.0.1:9000/oauth/authorize")),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(
            kauth_origin(Some("https://kauth.kakao.com")),
            Some("https://kauth.kakao.com")
        );
        assert_eq!(kauth_origin(Some("/oauth/authorize")), None);
        assert_eq!(kauth_origin(None), None);
    }

    fn answer(json: CodeJson) -> PollAnswer {
        read_code_json(200, &json)
    }

    #[test]
    fn code_json_answers() {
        assert_eq!(
            answer(CodeJson {
                error_code: Some("300".into()),
                status: Some("error".into()),
                ..CodeJson::default()
            }),
            PollAnswer::Pending
        );
        assert_eq!(
            answer(CodeJson {
                code: Some("the-code".into()),
                ..CodeJson::default()
            }),
            PollAnswer::Code(AuthorizationCode::new("the-code".into()))
        );
        assert_eq!(
            answer(CodeJson {
                error: Some("access_denied".into()),
                error_description: Some("User denied access".into()),
                ..CodeJson::default()
            }),
            PollAnswer::Denied
        );
        assert_eq!(
            answer(CodeJson {
                error_code: Some("700".into()),
                status: Some("error".into()),
                ..CodeJson::default()
            }),
            PollAnswer::Failed("700".into())
        );
        assert_eq!(
            answer(CodeJson {
                code: Some(String::new()),
                ..CodeJson::default()
            }),
            PollAnswer::Failed("an answer with neither code nor error".into())
        );
        assert_eq!(
            read_code_json(
                401,
                &CodeJson {
                    error: Some("invalid_client".into()),
                    ..CodeJson::default()
                }
            ),
            PollAnswer::Failed("code.json answered HTTP 401".into())
        );
    }

    #[test]
    fn wait_limit_is_bounded_by_one_poll_and_the_sdks_ten_minutes() {
        assert_eq!(WaitLimit::new(None).unwrap().ms(), DEFAULT_WAIT_MS);
        assert_eq!(WaitLimit::new(Some(30_000.0)).unwrap().ms(), 30_000.0);
        for bad in [0.0, 999.0, 600_001.0, f64::NAN, f64::INFINITY] {
            assert!(WaitLimit::new(Some(bad)).is_err(), "{bad}");
        }
    }

    const T0: f64 = 1_000_000.0;

    fn waiting() -> TalkWait {
        let (wait, first) = TalkWait::start(T0, WaitLimit::new(Some(10_000.0)).unwrap());
        assert_eq!(first, Action::PollAt(T0 + POLL_INTERVAL_MS));
        wait
    }

    #[test]
    fn waiting_stays_waiting_while_pending_before_the_deadline() {
        let mut wait = waiting();
        for at in [T0 + 1000.0, T0 + 9_999.0] {
            assert_eq!(
                wait.on(Event::Polled(PollAnswer::Pending), at),
                Action::PollAt(at + POLL_INTERVAL_MS)
            );
        }
        assert_eq!(
            wait.phase(),
            &Phase::Waiting {
                deadline_ms: T0 + 10_000.0
            }
        );
    }

    #[test]
    fn waiting_to_code_exchanges_once() {
        let mut wait = waiting();
        let code = AuthorizationCode::new("c".into());
        assert_eq!(
            wait.on(Event::Polled(PollAnswer::Code(code.clone())), T0 + 3000.0),
            Action::Exchange(code.clone())
        );
        assert_eq!(wait.phase(), &Phase::GotCode);
        assert_eq!(
            wait.on(Event::Polled(PollAnswer::Code(code)), T0 + 4000.0),
            Action::Nothing
        );
    }

    #[test]
    fn waiting_to_cancelled_in_kakaotalk_or_on_the_page() {
        for event in [Event::Polled(PollAnswer::Denied), Event::Cancel] {
            let mut wait = waiting();
            assert_eq!(wait.on(event, T0 + 2000.0), Action::ShowCancelled);
            assert_eq!(wait.phase(), &Phase::Cancelled);
            assert_eq!(wait.on(Event::OtherWay, T0 + 2500.0), Action::Nothing);
        }
    }

    #[test]
    fn waiting_to_timed_out_falls_back_to_account_login() {
        let mut wait = waiting();
        assert_eq!(
            wait.on(Event::Polled(PollAnswer::Pending), T0 + 10_000.0),
            Action::AccountLogin
        );
        assert_eq!(wait.phase(), &Phase::FellBack(Fallback::TimedOut));
        let late = AuthorizationCode::new("late".into());
        assert_eq!(
            wait.on(Event::Polled(PollAnswer::Code(late)), T0 + 11_000.0),
            Action::Nothing
        );
    }

    #[test]
    fn waiting_to_account_login_by_choice_or_failure() {
        let mut chosen = waiting();
        assert_eq!(chosen.on(Event::OtherWay, T0 + 500.0), Action::AccountLogin);
        assert_eq!(chosen.phase(), &Phase::FellBack(Fallback::Chosen));

        let mut failed = waiting();
        assert_eq!(
            failed.on(Event::Polled(PollAnswer::Failed("700".into())), T0 + 500.0),
            Action::AccountLogin
        );
        assert_eq!(
            failed.phase(),
            &Phase::FellBack(Fallback::Failed("700".into()))
        );
        assert_eq!(failed.on(Event::Cancel, T0 + 600.0), Action::Nothing);
    }
}
