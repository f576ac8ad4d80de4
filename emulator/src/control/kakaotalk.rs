//! The phone's KakaoTalk for easy login. A page cannot follow an Android `intent:` or an iOS
//! universal link in a test browser, so a test (or a person at the demo) opens the URL the page
//! launched at `GET /__emulator/kakaotalk/launch?url=…`, and the emulator plays KakaoTalk:
//! without KakaoTalk it goes where the platform would (the intent's `browser_fallback_url`, the
//! universal link's `web`); with it, KakaoTalk shows its signed-in account (`talk-continue`,
//! `talk-cancel`), then Kakao Sync's consent when needed, and the result waits for the page's
//! `apiweb/code.json` poll. `POST /__emulator/kakaotalk {"installed": bool}` says whether the
//! phone has KakaoTalk; its account is the in-app user (`POST /__emulator/inapp-user`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::error;
use crate::kauth::authorize::{
    cancel_transaction, continue_transaction, expired, found, open_transaction,
};
use crate::kauth::pages::error_page;
use crate::kauth::request::check;
use crate::kauth::talk::{confirm_in_talk, talk_account};
use crate::params::Params;
use crate::respond::json;
use crate::state::Emulator;

/// The Android intent's action and the iOS universal link's prefix, as Kakao's SDKs write them.
const ANDROID_LOGIN_INTENT: &str =
    "intent:#Intent;action=com.kakao.talk.intent.action.CAPRI_LOGGED_IN_ACTIVITY;";
const IOS_UNIVERSAL_LINK: &str = "https://talk-apps.kakao.com/scheme/";
const IOS_IN_APP_BROWSER: &str = "kakaotalk://inappbrowser?url=";

/// `POST /__emulator/kakaotalk` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installed {
    installed: bool,
}

/// `POST /__emulator/kakaotalk`: installs or removes KakaoTalk; answers the phone's state.
pub async fn set_installed(State(emu): State<Emulator>, Json(body): Json<Installed>) -> Response {
    let mut world = emu.world();
    world.talk_installed = body.installed;
    json(
        StatusCode::OK,
        &serde_json::json!({ "installed": world.talk_installed, "user_id": world.inapp_user }),
    )
}

#[derive(Deserialize)]
pub struct Launch {
    url: String,
}

/// The login request a launch URL carries (as authorize parameters) and the platform's fallback.
fn read_launch(url: &str) -> Option<(Params, String)> {
    if let Some(fields) = url.strip_prefix(ANDROID_LOGIN_INTENT) {
        let extra = |name: &str| {
            fields
                .split(';')
                .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
                .map(decode)
        };
        let request: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&extra("S.com.kakao.sdk.talk.extraparams")?).ok()?;
        let pairs: Vec<(String, String)> = request
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.as_str()?.to_owned())))
            .collect();
        let query = serde_urlencoded::to_string(pairs).ok()?;
        return Some((
            Params::parse(query.as_bytes()).ok()?,
            extra("S.browser_fallback_url")?,
        ));
    }
    let (link, web) = url.strip_prefix(IOS_UNIVERSAL_LINK)?.split_once("&web=")?;
    let authorize = decode(decode(link).strip_prefix(IOS_IN_APP_BROWSER)?);
    let (_, query) = authorize.split_once('?')?;
    Some((Params::parse(query.as_bytes()).ok()?, decode(web)))
}

/// One percent-encoded component, decoded.
fn decode(component: &str) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={component}"))
        .ok()
        .and_then(|pairs| pairs.into_iter().next())
        .map(|(_, v)| v)
        .unwrap_or_default()
}

/// `GET /__emulator/kakaotalk/launch?url=<the intent or universal link>`.
pub async fn launch(State(emu): State<Emulator>, Query(q): Query<Launch>) -> Response {
    let Some((params, fallback)) = read_launch(&q.url) else {
        return error(
            StatusCode::BAD_REQUEST,
            "url is neither KakaoTalk's login intent nor its iOS universal link",
        );
    };
    let mut world = emu.world();
    if !world.talk_installed {
        return found(&fallback);
    }
    let req = match check(&world, &params) {
        Ok(checked) => checked.req,
        Err(e) => return error_page(&e),
    };
    let tx = open_transaction(&mut world, req, None);
    confirm_in_talk(&world, &tx)
}

/// `POST /__emulator/kakaotalk/confirm` (`tx`, `action` = `continue` or `cancel`).
pub async fn confirm(State(emu): State<Emulator>, body: Bytes) -> Response {
    let Ok(form) = Params::parse(&body) else {
        return expired();
    };
    let tx = form.get("tx").unwrap_or("").to_owned();
    let mut world = emu.world();
    if !world.transactions.contains_key(&tx) {
        return expired();
    }
    if form.get("action") == Some("cancel") {
        return cancel_transaction(&mut world, &tx);
    }
    let Some(user_id) = talk_account(&world).map(|u| u.id) else {
        return found(&format!("/accounts/login?tx={tx}"));
    };
    let now = world.now();
    if let Some(t) = world.transactions.get_mut(&tx) {
        t.signed_in = Some((user_id, now));
    }
    continue_transaction(&mut world, &tx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launch_urls_give_back_their_request_and_fallback() {
        let android = "intent:#Intent;action=com.kakao.talk.intent.action.CAPRI_LOGGED_IN_ACTIVITY;\
             launchFlags=0x08880000;S.com.kakao.sdk.talk.appKey=js;\
             S.com.kakao.sdk.talk.extraparams=%7B%22client_id%22%3A%22js%22%2C%22auth_tran_id%22%3A%22abc%22%7D;\
             S.browser_fallback_url=https%3A%2F%2Fk.example%2Foauth%2Fauthorize%3Fa%3D1;end;";
        let (params, fallback) = read_launch(android).unwrap();
        assert_eq!(
            (params.get("client_id"), params.get("auth_tran_id")),
            (Some("js"), Some("abc"))
        );
        assert_eq!(fallback, "https://k.example/oauth/authorize?a=1");

        let inner = "https://k.example/oauth/authorize?client_id=js&is_popup=true&redirect_uri=https%3A%2F%2Fs.example%2Fcb";
        let ios = format!(
            "{IOS_UNIVERSAL_LINK}{}&web={}",
            urlencode(&format!("{IOS_IN_APP_BROWSER}{}", urlencode(inner))),
            urlencode("https://k.example/oauth/authorize?b=2")
        );
        let (params, fallback) = read_launch(&ios).unwrap();
        assert_eq!(params.get("redirect_uri"), Some("https://s.example/cb"));
        assert_eq!(params.get("is_popup"), Some("true"));
        assert_eq!(fallback, "https://k.example/oauth/authorize?b=2");

        assert!(read_launch("https://evil.example/").is_none());
    }

    fn urlencode(s: &str) -> String {
        serde_urlencoded::to_string([("v", s)]).unwrap()[2..].replace('+', "%20")
    }
}
