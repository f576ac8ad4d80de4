//! In-app browser detection from the User-Agent, and the way out to the system browser.
//!
//! Auto-login is for KakaoTalk's in-app browser only, recognised by `KAKAOTALK` in the
//! User-Agent: <https://developers.kakao.com/docs/latest/en/kakaologin/utilize#login-auto>.
//! Other apps' in-app browsers often break sign-in (no Kakao session, blocked pop-ups), so the
//! page may offer to reopen itself outside.

use crate::core::text::{after, concat, find};
use crate::core::url::{encode_component, parse_http_url};
use crate::prelude::*;

/// The app whose in-app browser the page runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum App {
    KakaoTalk,
    Instagram,
    Facebook,
    Line,
    Naver,
    Daum,
    Band,
    /// A web view that names no known app (Android `; wv)`, or iOS WebKit without `Safari/`).
    Other,
}

impl App {
    pub fn as_str(self) -> &'static str {
        match self {
            App::KakaoTalk => "kakaotalk",
            App::Instagram => "instagram",
            App::Facebook => "facebook",
            App::Line => "line",
            App::Naver => "naver",
            App::Daum => "daum",
            App::Band => "band",
            App::Other => "other",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    Ios,
    Android,
    Other,
}

impl Os {
    pub fn as_str(self) -> &'static str {
        match self {
            Os::Ios => "ios",
            Os::Android => "android",
            Os::Other => "other",
        }
    }
}

/// What [`detect`] found. `app` is `None` in an ordinary browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InAppBrowser {
    pub app: Option<App>,
    pub os: Os,
    /// The app's version, where its User-Agent token carries one.
    pub version: Option<String>,
}

impl InAppBrowser {
    pub fn in_app(&self) -> bool {
        self.app.is_some()
    }
}

/// Classifies a User-Agent string.
pub fn detect(ua: &str) -> InAppBrowser {
    let os = if ["iPhone", "iPad", "iPod"].iter().any(|d| has(ua, d)) {
        Os::Ios
    } else if has(ua, "Android") {
        Os::Android
    } else {
        Os::Other
    };
    let (app, version) = classify(ua, os);
    InAppBrowser { app, os, version }
}

fn classify(ua: &str, os: Os) -> (Option<App>, Option<String>) {
    // Kakao's own web code matches `KAKAOTALK`; apps in the wild vary the case and the separator
    // (`KAKAOTALK/10.8.3`, `KAKAOTALK 25.8.1`, `kakaotalk`).
    if let Some(at) = find(&ua.to_ascii_uppercase(), "KAKAOTALK") {
        let rest = ua.get(at + "KAKAOTALK".len()..).unwrap_or_default();
        return (
            Some(App::KakaoTalk),
            version_after(rest.strip_prefix(['/', ' ']).unwrap_or("")),
        );
    }
    if let Some(v) = token(ua, "Instagram ") {
        return (Some(App::Instagram), version_after(v));
    }
    if ["FBAN/", "FBAV/", "FB_IAB/"].iter().any(|t| has(ua, t)) {
        return (
            Some(App::Facebook),
            after(ua, "FBAV/").and_then(version_after),
        );
    }
    if let Some(v) = token(ua, "Line/") {
        return (Some(App::Line), version_after(v));
    }
    if let Some(v) = token(ua, "NAVER(inapp;") {
        // `NAVER(inapp; search; 2000; 12.6.3)`: the app version is the fourth field.
        let fields = v.split([')']).next().unwrap_or_default();
        return (
            Some(App::Naver),
            fields
                .split([';'])
                .nth(2)
                .and_then(|f| version_after(f.trim())),
        );
    }
    if let Some(v) = token(ua, "DaumApps/") {
        return (Some(App::Daum), version_after(v));
    }
    if let Some(v) = token(ua, "BAND/") {
        return (Some(App::Band), version_after(v));
    }
    let android_web_view = os == Os::Android && has(ua, "; wv)");
    let ios_web_view = os == Os::Ios && has(ua, "AppleWebKit") && !has(ua, "Safari/");
    if android_web_view || ios_web_view {
        return (Some(App::Other), None);
    }
    (None, None)
}

/// The text after `name` when `name` starts a User-Agent token (at the start or after a space,
/// `[`, `;` or `(`), so `Line/` does not match inside `Online/`.
fn token<'a>(ua: &'a str, name: &str) -> Option<&'a str> {
    let mut before = b' ';
    let mut rest = ua;
    loop {
        let at = find(rest, name)?;
        let (head, tail) = (rest.get(..at)?, rest.get(at + name.len()..)?);
        if matches!(
            head.bytes().last().unwrap_or(before),
            b' ' | b'[' | b';' | b'('
        ) {
            return Some(tail);
        }
        before = name.bytes().last().unwrap_or(before);
        rest = tail;
    }
}

fn has(ua: &str, needle: &str) -> bool {
    find(ua, needle).is_some()
}

/// A leading dotted version such as `10.8.3`.
fn version_after(s: &str) -> Option<String> {
    let dotted = s
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let end = s
        .as_bytes()
        .get(..dotted)?
        .iter()
        .rposition(u8::is_ascii_digit)?
        + 1;
    let v = s.get(..end)?;
    v.starts_with(|c: char| c.is_ascii_digit())
        .then(|| v.to_owned())
}

/// A URL that reopens `url` in the system browser from the in-app browser `ua` describes, where
/// the app supports one: KakaoTalk's `kakaotalk://web/openExternal`, LINE's
/// `openExternalBrowser=1`, and an Android `intent:` to Chrome (falling back to the page itself)
/// for the other Android web views. `None` in ordinary browsers, on iOS web views with no
/// documented way out, and for a `url` that is not absolute http(s).
pub fn external_browser_url(url: &str, ua: &str) -> Option<String> {
    let parsed = parse_http_url(url)?;
    let browser = detect(ua);
    match browser.app? {
        App::KakaoTalk => Some(concat(&[
            "kakaotalk://web/openExternal?url=",
            &encode_component(url),
        ])),
        App::Line => {
            let mut out = concat(&[parsed.scheme, "://", parsed.authority_and_path]);
            match parsed.query {
                Some(q) if !q.is_empty() => {
                    out.push('?');
                    out.push_str(q);
                    out.push_str("&openExternalBrowser=1");
                }
                _ => out.push_str("?openExternalBrowser=1"),
            }
            if let Some(f) = parsed.fragment {
                out.push('#');
                out.push_str(f);
            }
            Some(out)
        }
        _ if browser.os == Os::Android => Some(concat(&[
            "intent://",
            after(url, "://")?,
            "#Intent;scheme=",
            &parsed.scheme.to_ascii_lowercase(),
            ";package=com.android.chrome;S.browser_fallback_url=",
            &encode_component(url),
            ";end",
        ])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real User-Agent strings, as these apps send them.
    const KAKAOTALK_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-S908N Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.134 Mobile Safari/537.36 KAKAOTALK/10.8.3 (INAPP)";
    const KAKAOTALK_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.5";
    const KAKAOTALK_OLD_ANDROID: &str = "Mozilla/5.0 (Linux; Android 9; SM-G960N Build/PPR1.180610.011; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/74.0.3729.157 Mobile Safari/537.36 KAKAOTALK 8.4.3";
    const INSTAGRAM_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.3.12.92 (iPhone14,5; iOS 17_4_1; ko_KR; ko; scale=3.00; 1170x2532; 597418011)";
    const INSTAGRAM_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; SM-G991N Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 Instagram 328.0.0.42.90 Android (33/13; 480dpi; 1080x2176; samsung; SM-G991N; o1s; exynos2100; ko_KR; 589089432)";
    const FACEBOOK_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/460.0.0.38.110;FBBV/591457422;FBDV/iPhone14,2;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/ko_KR;FBOP/5;FBRV/594123025]";
    const FACEBOOK_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.113 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/463.0.0.47.109;]";
    const LINE_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.8.0";
    const LINE_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; SM-A536N Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.147 Mobile Safari/537.36 Line/14.9.1/IAB";
    const NAVER_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-S911N Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36 NAVER(inapp; search; 2000; 12.6.3)";
    const NAVER_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 NAVER(inapp; search; 2010; 12.5.2; 14PRO)";
    const DAUM_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; SM-N981N Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 DaumApps/8.3.4 DaumDevice/mobile";
    const DAUM_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 DaumDevice/mobile DaumApps/8.2.0";
    const BAND_ANDROID: &str = "Mozilla/5.0 (Linux; Android 12; SM-G977N Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 BAND/15.2.1 (Android 12; SM-G977N)";
    const BAND_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 BAND/15.1.0";
    const ANDROID_WEB_VIEW: &str = "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36";
    const IOS_WEB_VIEW: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
    const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
    const SAMSUNG_INTERNET: &str = "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36";
    const SAFARI_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const CHROME_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1";
    const CHROME_DESKTOP: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    const SAFARI_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

    fn seen(ua: &str) -> (Option<App>, Os, Option<&str>) {
        let b = detect(ua);
        (b.app, b.os, b.version.map(|v| &*v.leak()))
    }

    #[test]
    fn in_app_browsers_with_their_versions() {
        use App::*;
        for (ua, app, os, version) in [
            (KAKAOTALK_ANDROID, KakaoTalk, Os::Android, Some("10.8.3")),
            (KAKAOTALK_IOS, KakaoTalk, Os::Ios, Some("10.8.5")),
            (KAKAOTALK_OLD_ANDROID, KakaoTalk, Os::Android, Some("8.4.3")),
            (INSTAGRAM_IOS, Instagram, Os::Ios, Some("330.0.3.12.92")),
            (
                INSTAGRAM_ANDROID,
                Instagram,
                Os::Android,
                Some("328.0.0.42.90"),
            ),
            (FACEBOOK_IOS, Facebook, Os::Ios, Some("460.0.0.38.110")),
            (
                FACEBOOK_ANDROID,
                Facebook,
                Os::Android,
                Some("463.0.0.47.109"),
            ),
            (LINE_IOS, Line, Os::Ios, Some("14.8.0")),
            (LINE_ANDROID, Line, Os::Android, Some("14.9.1")),
            (NAVER_ANDROID, Naver, Os::Android, Some("12.6.3")),
            (NAVER_IOS, Naver, Os::Ios, Some("12.5.2")),
            (DAUM_ANDROID, Daum, Os::Android, Some("8.3.4")),
            (DAUM_IOS, Daum, Os::Ios, Some("8.2.0")),
            (BAND_ANDROID, Band, Os::Android, Some("15.2.1")),
            (BAND_IOS, Band, Os::Ios, Some("15.1.0")),
            (ANDROID_WEB_VIEW, Other, Os::Android, None),
            (IOS_WEB_VIEW, Other, Os::Ios, None),
        ] {
            assert_eq!(seen(ua), (Some(app), os, version), "{ua}");
            assert!(detect(ua).in_app());
        }
    }

    #[test]
    fn ordinary_browsers_are_not_in_app() {
        for (ua, os) in [
            (CHROME_ANDROID, Os::Android),
            (SAMSUNG_INTERNET, Os::Android),
            (SAFARI_IOS, Os::Ios),
            (CHROME_IOS, Os::Ios),
            (CHROME_DESKTOP, Os::Other),
            (SAFARI_MAC, Os::Other),
            ("", Os::Other),
        ] {
            assert_eq!(seen(ua), (None, os, None), "{ua}");
        }
    }

    #[test]
    fn kakaotalk_token_matches_any_case_and_no_version() {
        assert_eq!(detect("Mozilla/5.0 kakaotalk").app, Some(App::KakaoTalk));
        assert_eq!(detect("Mozilla/5.0 KAKAOTALK").version, None);
        assert_eq!(detect("Mozilla/5.0 Online/3.0").app, None);
    }

    #[test]
    fn kakaotalk_escapes_through_its_own_scheme() {
        assert_eq!(
            external_browser_url("https://a.example/p?x=1&y=2#top", KAKAOTALK_IOS).as_deref(),
            Some(
                "kakaotalk://web/openExternal?url=https%3A%2F%2Fa.example%2Fp%3Fx%3D1%26y%3D2%23top"
            )
        );
        assert!(
            external_browser_url("https://a.example/", KAKAOTALK_ANDROID)
                .unwrap()
                .starts_with("kakaotalk://")
        );
    }

    #[test]
    fn line_gets_open_external_browser_before_the_fragment() {
        assert_eq!(
            external_browser_url("https://a.example/p?x=1#top", LINE_IOS).as_deref(),
            Some("https://a.example/p?x=1&openExternalBrowser=1#top")
        );
        assert_eq!(
            external_browser_url("https://a.example/p", LINE_ANDROID).as_deref(),
            Some("https://a.example/p?openExternalBrowser=1")
        );
    }

    #[test]
    fn other_android_web_views_get_a_chrome_intent_with_fallback() {
        assert_eq!(
            external_browser_url("https://a.example/p?x=1", INSTAGRAM_ANDROID).as_deref(),
            Some(
                "intent://a.example/p?x=1#Intent;scheme=https;package=com.android.chrome;\
                 S.browser_fallback_url=https%3A%2F%2Fa.example%2Fp%3Fx%3D1;end"
            )
        );
        assert!(
            external_browser_url("http://a.example/", NAVER_ANDROID)
                .unwrap()
                .contains("scheme=http;")
        );
    }

    #[test]
    fn no_escape_where_none_is_known() {
        for ua in [
            INSTAGRAM_IOS,
            FACEBOOK_IOS,
            NAVER_IOS,
            CHROME_ANDROID,
            SAFARI_IOS,
            CHROME_DESKTOP,
        ] {
            assert_eq!(external_browser_url("https://a.example/", ua), None, "{ua}");
        }
        assert_eq!(external_browser_url("/relative", KAKAOTALK_IOS), None);
    }
}
