//! The backend (`/api/kakao/*`) as the page sees it: [`Client`] starts logins and makes the
//! backend calls, and checks each answer against `wire`'s shape of it. The requests and answers
//! are `kakao_sync_wire::api`'s types, declared here once for JavaScript with [`shape!`];
//! `tests/shapes.rs` pins each declaration to `wire`'s serde spelling and `backend/openapi.json`.

use crate::prelude::*;

use kakao_sync_wire::api::{
    LogoutRequest, LogoutResponse, Member, SessionRequest, SessionResponse, TagsRequest, TermStatus,
};
use wasm_bindgen::JsValue;

use crate::browser::shape::{self, Write};
use crate::browser::storage::{self, Key};
use crate::browser::{self, http};
use crate::core::Error;
use crate::core::config::{ClientConfig, LoginOptions};
use crate::core::login::{Decision, Next, decide, plan_login, read_redirect};
use crate::core::user_agent::{App, detect};

shape! {
    [write] SessionRequest for SessionRequest {
        code: "code": "string",
        code_verifier: "codeVerifier": "string",
        nonce: "nonce": "string",
        redirect_uri: "redirectUri": "string",
    }

    [read] Member for Member {
        kakao_id: "kakaoId": "string",
        nickname: "nickname": "string | null",
        profile_image_url: "profileImageUrl": "string | null",
        thumbnail_image_url: "thumbnailImageUrl": "string | null",
        email: "email": "string | null",
        email_verified: "emailVerified": "boolean",
        name: "name": "string | null",
        phone_number: "phoneNumber": "string | null",
        age_range: "ageRange": "string | null",
        birthyear: "birthyear": "string | null",
        birthday: "birthday": "string | null",
        gender: "gender": "string | null",
        created_at: "createdAt": "string",
        updated_at: "updatedAt": "string",
    }

    [read] SessionResponse for SessionResponse {
        member: "member": "Member",
        is_new_member: "isNewMember": "boolean",
        missing_required_terms: "missingRequiredTerms": "string[]",
    }

    [read] TermStatus for TermStatus {
        tag: "tag": "string",
        title: "title": "string",
        url: "url": "string | null",
        required: "required": "boolean",
        agreed: "agreed": "boolean",
        revocable: "revocable": "boolean",
        agreed_at: "agreedAt": "string | null",
        agreed_by: "agreedBy": "string | null",
    }

    [write] TagsRequest for TagsRequest {
        tags: "tags": "string[]",
    }

    // `logout(options)` takes the request body as it is.
    [read, write] LogoutOptions for LogoutRequest {
        with_kakao_account: optional "withKakaoAccount": "boolean",
    }

    [read] LogoutResponse for LogoutResponse {
        kakao_logout_url: "kakaoLogoutUrl": "string | null",
    }
}

/// One app's Kakao login and backend, for the `KakaoSync` class and the UI components.
pub(crate) struct Client {
    config: ClientConfig,
}

impl Client {
    pub(crate) fn new(config: ClientConfig) -> Self {
        Client { config }
    }

    #[cfg(feature = "ui")]
    pub(crate) fn lang(&self) -> crate::core::Lang {
        self.config.lang
    }

    /// Starts a login: a fresh state, nonce and PKCE pair, saved as this tab's one transaction,
    /// then a top-level navigation to Kakao.
    pub(crate) fn login(&self, options: &LoginOptions) -> Result<(), Error> {
        let mut failure = None;
        let mut random = |buf: &mut [u8]| {
            if let Err(e) = browser::fill_random(buf) {
                failure = Some(e);
            }
        };
        let plan = plan_login(&self.config, options, &mut random, browser::now_ms())?;
        if let Some(e) = failure {
            return Err(e);
        }
        storage::save_transaction(&plan.transaction)?;
        browser::navigate(&plan.url)
    }

    /// One request to the backend route `route`.
    async fn call(
        &self,
        method: &str,
        route: &str,
        body: Option<JsValue>,
    ) -> Result<JsValue, Error> {
        http::request(method, &self.config.backend_route(route), body).await
    }

    /// In KakaoTalk's in-app browser, once per tab and only when not signed in: a silent login
    /// (`true`). Everywhere else nothing (`false`).
    pub(crate) async fn auto_login(&self) -> Result<bool, Error> {
        if detect(&browser::user_agent()).app != Some(App::KakaoTalk) {
            return Ok(false);
        }
        if storage::get(Key::AutoLoginTried)?.is_some() {
            return Ok(false);
        }
        // Any failure to read the session counts as signed out: at worst Kakao answers
        // `consent_required` once, and the tried flag stops a second attempt.
        let session = self.call("GET", "/session", None).await;
        if session.and_then(|raw| check::<Member>(&raw)).is_ok() {
            return Ok(false);
        }
        auto_login_tried()?;
        self.login(&LoginOptions {
            prompt: vec!["none".into()],
            ..Default::default()
        })?;
        Ok(true)
    }

    /// Reads the redirect to `url` and consumes the login as `decide` says: what to do next.
    pub(crate) fn consume_redirect(&self, url: &str) -> Result<Next, Error> {
        let handled = storage::get(Key::Handled)?;
        let redirect = read_redirect(url, handled.as_deref())?;
        let tx = storage::load_transaction()?;
        let Decision { next, consume } =
            decide(redirect, tx.as_ref(), handled.as_deref(), browser::now_ms());
        if let Some(state) = consume {
            storage::remove(Key::Transaction);
            storage::set(Key::Handled, state.expose())?;
        }
        next
    }

    /// Exchanges the code through the backend: the backend's `SessionResponse`, checked against
    /// its shape, with `status: "signed_in"`.
    pub(crate) async fn sign_in(&self, request: &SessionRequest) -> Result<JsValue, Error> {
        let answer = self.call("POST", "/session", Some(request.to_js())).await?;
        check::<SessionResponse>(&answer)?;
        storage::remove(Key::AutoLoginTried);
        shape::set(&answer, "status", "signed_in".into());
        Ok(answer)
    }

    /// The signed-in member, or `null`.
    pub(crate) async fn session(&self) -> Result<JsValue, Error> {
        match self.call("GET", "/session", None).await {
            Ok(member) => check::<Member>(&member).map(|()| member),
            Err(Error::Backend(b)) if b.status == 401 => Ok(JsValue::NULL),
            Err(e) => Err(e),
        }
    }

    pub(crate) async fn service_terms(&self) -> Result<JsValue, Error> {
        checked_terms(self.call("GET", "/terms", None).await?)
    }

    pub(crate) async fn agree_service_terms(&self, tags: Vec<String>) -> Result<JsValue, Error> {
        let body = TagsRequest { tags }.to_js();
        checked_terms(self.call("POST", "/terms/agree", Some(body)).await?)
    }

    pub(crate) async fn revoke_service_terms(&self, tags: Vec<String>) -> Result<JsValue, Error> {
        let body = TagsRequest { tags }.to_js();
        checked_terms(self.call("POST", "/terms/revoke", Some(body)).await?)
    }

    pub(crate) async fn logout(&self, request: &LogoutRequest) -> Result<(), Error> {
        let answer = self.call("POST", "/logout", Some(request.to_js())).await?;
        let response: LogoutResponse = shape::answer(&answer).map_err(bad_answer)?;
        auto_login_tried()?;
        if let Some(url) = response.kakao_logout_url {
            browser::navigate(&url)?;
        }
        Ok(())
    }

    pub(crate) async fn withdraw(&self) -> Result<(), Error> {
        self.call("POST", "/withdraw", None).await?;
        auto_login_tried()
    }
}

/// Marks auto-login as done for this tab: after its one silent attempt, and after an explicit
/// logout or withdrawal, so it never signs the person straight back in.
fn auto_login_tried() -> Result<(), Error> {
    storage::set(Key::AutoLoginTried, "1")
}

/// The backend's terms, checked against their shape and handed over as they are.
fn checked_terms(answer: JsValue) -> Result<JsValue, Error> {
    read_terms(&answer).map_err(bad_answer)?;
    Ok(answer)
}

/// The backend's terms, or a page's `renderTermsConsent({terms})`.
pub(crate) fn read_terms(raw: &JsValue) -> Result<Vec<TermStatus>, Error> {
    shape::list(raw)
}

/// Checks that a backend answer has the shape `wire` gives it; the answer is then handed to the
/// page as it came.
fn check<T: shape::Read>(raw: &JsValue) -> Result<(), Error> {
    shape::answer::<T>(raw).map(drop).map_err(bad_answer)
}

/// A 2xx answer that is not the documented shape is the backend's fault, not the page's.
fn bad_answer(e: Error) -> Error {
    match e {
        Error::InvalidOptions(why) => Error::BackendResponse(why),
        other => other,
    }
}
