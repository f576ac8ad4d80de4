//! `GET /plugin/sync/redirect`: where Kakao's sync plugin (싱크 플러그인) sends the browser of a
//! KakaoTalk chat's half-view after the user consented. The code becomes a member exactly as in
//! `POST /session`; then a 302 to Kakao's continue URL closes the half-view.
//! <https://developers.kakao.com/docs/latest/en/kakaosync/plugin>
//!
//! What Kakao has not confirmed publicly (see `../shared/reference/kakao-talk-features.md` §5):
//! the continue URL's parameter name (`SYNC_PLUGIN_CONTINUE_PARAM`), its host
//! (`SYNC_PLUGIN_CONTINUE_ORIGINS`), what `state` carries, whether a `user_match_url` answer
//! or a "complete sign-up" call is expected, and whether an `error` parameter reports a refusal
//! the way `/oauth/authorize` does. All UNCONFIRMED.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kakao_sync_wire::oauth::AuthorizationCode;
use url::Url;

use super::session::{Authorization, MAX_CODE_LEN, SignedInWithTerms, sign_in_with_code};
use crate::error::Error;
use crate::kakao::KakaoError;
use crate::state::AppState;

/// Why the plugin's sign-up did not finish, as the user reads it.
enum Failure {
    /// The continue URL is missing or not on Kakao's origins: no link is offered.
    ForgedContinue,
    /// Kakao sent the user back without a code (`error=access_denied` when consent is refused).
    Refused,
    /// No usable code.
    BadRequest,
    /// Signed up, but a required term of the service is not agreed.
    MissingTerms(Vec<String>),
    /// The code was already used (a reload, a replay).
    CodeUsed,
    /// Kakao did not answer, or not in time.
    KakaoDown,
    /// Anything else, named by its error code, with its status.
    Other(&'static str, StatusCode),
}

impl Failure {
    fn status(&self) -> StatusCode {
        match self {
            Failure::ForgedContinue | Failure::Refused | Failure::BadRequest => {
                StatusCode::BAD_REQUEST
            }
            Failure::MissingTerms(_) => StatusCode::FORBIDDEN,
            Failure::CodeUsed => StatusCode::CONFLICT,
            Failure::KakaoDown => StatusCode::BAD_GATEWAY,
            Failure::Other(_, status) => *status,
        }
    }

    /// The Korean and the English sentence.
    fn explain(&self) -> (String, String) {
        match self {
            Failure::ForgedContinue => (
                "채팅으로 돌아갈 주소가 카카오의 주소가 아닙니다. 가입은 진행되지 않았습니다."
                    .into(),
                "The address to return to the chat is not Kakao's. Nothing was signed up.".into(),
            ),
            Failure::Refused => (
                "동의하지 않아 가입이 취소되었습니다. 저장된 정보는 없습니다.".into(),
                "You did not agree, so the sign-up was cancelled. Nothing was saved.".into(),
            ),
            Failure::BadRequest => (
                "카카오가 보낸 가입 정보가 올바르지 않습니다. 채팅에서 다시 시도해 주세요.".into(),
                "The sign-up data from Kakao is not valid. Please try again from the chat.".into(),
            ),
            Failure::MissingTerms(tags) => (
                format!(
                    "필수 약관에 동의하지 않았습니다: {}. 채팅에서 다시 시도해 주세요.",
                    tags.join(", ")
                ),
                format!(
                    "A required term was not agreed: {}. Please try again from the chat.",
                    tags.join(", ")
                ),
            ),
            Failure::CodeUsed => (
                "이 가입 요청은 이미 처리되었습니다. 채팅으로 돌아가 주세요.".into(),
                "This sign-up was already handled. Please go back to the chat.".into(),
            ),
            Failure::KakaoDown => (
                "카카오에 연결할 수 없습니다. 잠시 후 채팅에서 다시 시도해 주세요.".into(),
                "Kakao cannot be reached. Please try again from the chat in a moment.".into(),
            ),
            Failure::Other(code, _) => (
                format!("가입을 완료하지 못했습니다 ({code}). 채팅에서 다시 시도해 주세요."),
                format!(
                    "The sign-up could not be completed ({code}). Please try again from the chat."
                ),
            ),
        }
    }

    /// A small page, in Korean then English, with a link back to the chat when the continue URL
    /// is Kakao's.
    fn page(&self, back_to_chat: Option<&Url>) -> Response {
        let (ko, en) = self.explain();
        let link = back_to_chat
            .map(|url| {
                format!(
                    r#"<p><a href="{}">채팅으로 돌아가기 · Back to the chat</a></p>"#,
                    escape(url.as_str())
                )
            })
            .unwrap_or_default();
        let html = format!(
            r#"<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>카카오싱크 · Kakao Sync</title></head><body><h1>가입하지 못했습니다 · Sign-up not completed</h1><p>{}</p><p lang="en">{}</p>{link}</body></html>"#,
            escape(&ko),
            escape(&en)
        );
        (
            self.status(),
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            html,
        )
            .into_response()
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match e {
            Error::CodeAlreadyUsed => Failure::CodeUsed,
            Error::Kakao(KakaoError::Unavailable(_) | KakaoError::Timeout) => Failure::KakaoDown,
            other => Failure::Other(other.code(), other.status()),
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The continue URL, when it is an absolute URL on one of `SYNC_PLUGIN_CONTINUE_ORIGINS`.
fn continue_url(state: &AppState, params: &HashMap<String, String>) -> Option<Url> {
    let chatbot = &state.config.chatbot;
    let url = Url::parse(params.get(&chatbot.continue_param)?).ok()?;
    let clean = url.username().is_empty() && url.password().is_none();
    (clean && chatbot.continue_origins.iter().any(|o| o.allows(&url))).then_some(url)
}

/// Signs the plugin's user up (or links or updates them) and returns to the chat. No cookie is
/// set: the half-view is Kakao's, and a login the service did not start must not become a
/// session in whatever browser opens this URL. `state` is Kakao's, not one this service issued,
/// so it cannot be checked; the single-use code and the id_token's audience stand for it.
pub async fn redirect(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(redirect_uri) = state.config.chatbot.plugin_redirect_uri.clone() else {
        return Error::NotFound.into_response();
    };
    let Some(back) = continue_url(&state, &params) else {
        tracing::warn!("sync plugin redirect with a continue URL off Kakao's origins");
        return Failure::ForgedContinue.page(None);
    };
    if params.contains_key("error") {
        tracing::info!("sync plugin consent refused");
        return Failure::Refused.page(Some(&back));
    }
    let Some(code) = params
        .get("code")
        .filter(|c| !c.is_empty() && c.len() <= MAX_CODE_LEN)
    else {
        return Failure::BadRequest.page(Some(&back));
    };
    let code = AuthorizationCode::new(code.clone());
    let authorization = Authorization {
        code: &code,
        redirect_uri: &redirect_uri,
        code_verifier: None,
        nonce: None,
    };
    match sign_in_with_code(&state, authorization).await {
        Ok(SignedInWithTerms {
            missing_required_terms,
            ..
        }) if missing_required_terms.is_empty() => match HeaderValue::from_str(back.as_str()) {
            Ok(location) => (StatusCode::FOUND, [(LOCATION, location)]).into_response(),
            Err(_) => Failure::ForgedContinue.page(None),
        },
        Ok(SignedInWithTerms {
            missing_required_terms,
            ..
        }) => Failure::MissingTerms(missing_required_terms).page(Some(&back)),
        Err(e) => {
            tracing::info!(code = e.code(), "sync plugin sign-up failed");
            Failure::from(e).page(Some(&back))
        }
    }
}
