//! The backend (`/api/kakao/*`) as the page sees it: [`Client`] starts logins and makes the
//! backend calls, and checks each answer against `wire`'s shape of it. The requests and answers
//! are `kakao_sync_wire::api`'s types, declared here once for JavaScript with [`shape!`];
//! `tests/shapes.rs` pins each declaration to `wire`'s serde spelling and `backend/openapi.json`.

use crate::prelude::*;
use alloc::rc::Rc;

use crate::browser::builtins::Promise;
use kakao_sync_wire::api::{
    LogoutRequest, LogoutResponse, Member, SessionRequest, SessionResponse, TagsRequest, TalkLogin,
    TalkLoginRequest, TalkSessionRequest, TermStatus,
};
use wasm_bindgen::JsValue;

use crate::browser::shape::{self, Field, Fields, Write};
use crate::browser::storage::{self, Key};
use crate::browser::{self, http};
use crate::core::Error;
use crate::core::config::{ClientConfig, LoginOptions};
use crate::core::login::{
    Decision, Next, TalkTransaction, authorize_url, decide, decide_talk, new_transaction,
    read_redirect,
};
use crate::core::talk_login::CodeJson;
use crate::core::user_agent::{App, detect};

// Opening KakaoTalk and waiting for it; the redirect half (`handle_redirect`) is here in every build.
#[cfg(feature = "talk")]
mod talk;

shape! {
    [write] SessionRequest for SessionRequest {
        code: "code": "string",
        code_verifier: "codeVerifier": "string",
        nonce: "nonce": "string",
        redirect_uri: "redirectUri": "string",
    }

    // The page hands the member and the sign-in answer over as they came: declared in full for
    // TypeScript and tests/shapes.rs, checked for what the page relies on (below).
    [] Member for Member {
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

    [] SessionResponse for SessionResponse {
        member: "member": "Member",
        is_new_member: "isNewMember": "boolean",
        missing_required_terms: "missingRequiredTerms": "string[]",
    }

    // What the page relies on in a `Member` and a `SessionResponse`: reading all fourteen of
    // Member's fields instead costs 980 B gzip (measured), which the size budget does not hold.
    [read] Member for MemberKey {
        kakao_id: "kakaoId": "string",
    }

    [read] SessionResponse for SignedIn {
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

    [write] TalkLoginRequest for TalkLoginRequest {
        redirect_uri: "redirectUri": "string",
    }

    [read] TalkLogin for TalkLogin {
        auth_tran_id: "authTranId": "string",
        state: "state": "string",
        nonce: "nonce": "string",
        expires_in: "expiresIn": "number",
    }

    [write] TalkSessionRequest for TalkSessionRequest {
        code: "code": "string",
        state: "state": "string",
    }

    // kauth's `apiweb/code.json` answer, in Kakao's own spelling.
    [read] CodeJson for CodeJson {
        code: "code": "string | null",
        error: "error": "string | null",
        error_description: "error_description": "string | null",
        error_code: "error_code": "string | null",
        status: "status": "string | null",
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

/// The part of wire's `Member` the page relies on: who signed in.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MemberKey {
    pub kakao_id: String,
}

/// The part of wire's `SessionResponse` the page relies on.
#[derive(Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub member: MemberKey,
    pub is_new_member: bool,
    pub missing_required_terms: Vec<String>,
}

/// `SessionResponse.member`.
impl Field for MemberKey {
    fn read(fields: &mut Fields, key: &'static str, optional: bool) -> Self {
        fields.nested(key, optional).unwrap_or_default()
    }
}

/// One app's Kakao login and backend, for the `KakaoSync` class and the UI components.
pub(crate) struct Client {
    config: ClientConfig,
}

/// Turns the backend's answer to one request into a method's result.
type Finish = fn(&Rc<Client>, Result<JsValue, Error>) -> Result<JsValue, Error>;

impl Client {
    pub(crate) fn new(config: ClientConfig) -> Self {
        Client { config }
    }

    #[cfg(feature = "ui")]
    pub(crate) fn lang(&self) -> crate::core::Lang {
        self.config.lang
    }

    /// Starts an account login: a fresh state, nonce and PKCE pair, saved as this tab's one
    /// transaction, then a top-level navigation to Kakao's login page; the promise resolves with
    /// `value` once the tab navigates. `login()` in `kakao-sync/core`, and `autoLogin()`, which
    /// runs inside KakaoTalk.
    pub(crate) fn account_login(
        self: &Rc<Self>,
        options: &LoginOptions,
        value: JsValue,
    ) -> Promise {
        self.save_login(
            options,
            Box::new(move |url| browser::navigate(&url).map(|()| value)),
        )
    }

    /// A fresh state, nonce and PKCE pair; once the platform has hashed the verifier, saved as
    /// this tab's one transaction, and `then` of the URL of Kakao's login page that uses them.
    /// The promise settles as `then` does, or rejects with what failed before.
    fn save_login(
        self: &Rc<Self>,
        options: &LoginOptions,
        then: Box<dyn FnOnce(String) -> Result<JsValue, Error>>,
    ) -> Promise {
        let mut failure = None;
        let mut random = |buf: &mut [u8]| {
            if let Err(e) = browser::fill_random(buf) {
                failure = Some(e);
            }
        };
        let transaction = new_transaction(&self.config, options, &mut random, browser::now_ms());
        let transaction = match (transaction, failure) {
            (Ok(transaction), None) => transaction,
            (Err(e), _) | (_, Some(e)) => return Promise::reject(&e.into()),
        };
        let (client, options) = (Rc::clone(self), options.clone());
        let verifier = transaction.code_verifier.clone();
        browser::sha256(
            verifier.expose().as_bytes(),
            Box::new(move |verifier_sha256| {
                let url = authorize_url(&client.config, &options, &transaction, &verifier_sha256)?;
                storage::save_transaction(&transaction)?;
                then(url)
            }),
        )
    }

    /// One request to the backend, its answer handed to `finish`. Every method that talks to
    /// the backend goes through here, so the page carries one callback type instead of one per method.
    fn backend(
        self: &Rc<Self>,
        method: &'static str,
        route: &'static str,
        body: Option<JsValue>,
        finish: Finish,
    ) -> Promise {
        let client = Rc::clone(self);
        let url = self.config.backend_route(route);
        http::call(
            method,
            &url,
            body,
            Box::new(move |answer| finish(&client, answer)),
        )
    }

    /// In KakaoTalk's in-app browser, once per tab and only when not signed in: a silent login.
    /// `None` where there is nothing to try.
    pub(crate) fn auto_login(self: &Rc<Self>) -> Result<Option<Promise>, Error> {
        if detect(&browser::user_agent()).app != Some(App::KakaoTalk) {
            return Ok(None);
        }
        if storage::get(Key::AutoLoginTried)?.is_some() {
            return Ok(None);
        }
        Ok(Some(self.backend("GET", "/session", None, |c, answer| {
            // Any failure to read the session counts as signed out: at worst Kakao answers
            // `consent_required` once, and the tried flag stops a second attempt.
            if answer.and_then(|raw| check::<MemberKey>(&raw)).is_ok() {
                return Ok(false.into());
            }
            auto_login_tried()?;
            let silent = LoginOptions {
                prompt: vec!["none".into()],
                ..Default::default()
            };
            Ok(c.account_login(&silent, true.into()).into())
        })))
    }

    /// Handles the redirect to `url`: consumes the login as `decide` says, then exchanges the
    /// code through the backend.
    pub(crate) fn handle_redirect(self: &Rc<Self>, url: &str) -> Result<Promise, Error> {
        let handled = storage::get(Key::Handled)?;
        let redirect = read_redirect(url, handled.as_deref(), browser::query_pairs)?;
        let now = browser::now_ms();
        let talk = storage::get(Key::TalkTransaction)?.and_then(|t| TalkTransaction::decode(&t));
        let next = if let Some(next) = decide_talk(&redirect, talk.as_ref(), now) {
            // The Talk login and the account login kept as its fallback end together.
            storage::remove(Key::TalkTransaction);
            storage::remove(Key::Transaction);
            storage::set(Key::Handled, redirect.state().unwrap_or_default())?;
            next
        } else {
            let tx = storage::load_transaction()?;
            let Decision { next, consume } = decide(redirect, tx.as_ref(), handled.as_deref(), now);
            if let Some(state) = consume {
                storage::remove(Key::Transaction);
                storage::set(Key::Handled, state.expose())?;
            }
            next
        };
        let status = |s: &str| Promise::resolve(&shape::object(&[("status", s.into())]));
        Ok(match next? {
            Next::Cancelled => status("cancelled"),
            Next::SignupRequired => status("signup_required"),
            Next::Exchange(request) => self.sign_in(request.to_js()),
            Next::TalkExchange(request) => self.sign_in(request.to_js()),
        })
    }

    /// `POST /session` with a code exchange's body.
    fn sign_in(self: &Rc<Self>, body: JsValue) -> Promise {
        self.backend("POST", "/session", Some(body), |_, answer| {
            let raw = answer?;
            check::<SignedIn>(&raw)?;
            storage::remove(Key::AutoLoginTried);
            shape::set(&raw, "status", "signed_in".into());
            Ok(raw)
        })
    }

    /// The signed-in member, or `null`.
    pub(crate) fn session(self: &Rc<Self>) -> Promise {
        self.backend("GET", "/session", None, |_, answer| match answer {
            Ok(raw) => check::<MemberKey>(&raw).map(|()| raw),
            Err(Error::Backend(b)) if b.status == 401 => Ok(JsValue::NULL),
            Err(e) => Err(e),
        })
    }

    pub(crate) fn service_terms(self: &Rc<Self>) -> Promise {
        self.backend("GET", "/terms", None, finish_terms)
    }

    pub(crate) fn agree_service_terms(self: &Rc<Self>, tags: Vec<String>) -> Promise {
        let body = TagsRequest { tags }.to_js();
        self.backend("POST", "/terms/agree", Some(body), finish_terms)
    }

    pub(crate) fn revoke_service_terms(self: &Rc<Self>, tags: Vec<String>) -> Promise {
        let body = TagsRequest { tags }.to_js();
        self.backend("POST", "/terms/revoke", Some(body), finish_terms)
    }

    pub(crate) fn logout(self: &Rc<Self>, request: &LogoutRequest) -> Promise {
        self.backend("POST", "/logout", Some(request.to_js()), |_, answer| {
            let response: LogoutResponse = shape::answer(&answer?).map_err(bad_answer)?;
            auto_login_tried()?;
            if let Some(url) = response.kakao_logout_url {
                browser::navigate(&url)?;
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    pub(crate) fn withdraw(self: &Rc<Self>) -> Promise {
        self.backend("POST", "/withdraw", None, |_, answer| {
            answer?;
            auto_login_tried()?;
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// Marks auto-login as done for this tab: after its one silent attempt, and after an explicit
/// logout or withdrawal, so it never signs the person straight back in.
fn auto_login_tried() -> Result<(), Error> {
    storage::set(Key::AutoLoginTried, "1")
}

/// The backend's terms, checked against their shape and handed over as they are.
fn finish_terms(_: &Rc<Client>, answer: Result<JsValue, Error>) -> Result<JsValue, Error> {
    let raw = answer?;
    read_terms(&raw).map_err(bad_answer)?;
    Ok(raw)
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

// KakaoTalk messages: the page hands a template to the backend and its answers back as they
// came; declared for TypeScript.
use kakao_sync_wire::api::{
    Friend, FriendsMessageResponse, FriendsPage, MessageFailure, MessageTemplate,
};

shape! {
    [] MessageTemplate for MessageTemplate {
        /// A default template in Kakao's own JSON (`object_type`, snake_case keys).
        template_object: optional "templateObject": "Record<string, unknown>",
        /// Or a custom template made in the developer console, with its arguments.
        template_id: optional "templateId": "number",
        template_args: optional "templateArgs": "Record<string, string>",
    }

    [] Friend for Friend {
        /// The receiver id for `sendToFriends`.
        uuid: "uuid": "string",
        kakao_id: optional "kakaoId": "string | null",
        profile_nickname: optional "profileNickname": "string | null",
        profile_thumbnail_image: optional "profileThumbnailImage": "string | null",
        favorite: optional "favorite": "boolean | null",
        /// Whether the friend accepts messages.
        allowed_msg: optional "allowedMsg": "boolean | null",
    }

    [] FriendsPage for FriendsPage {
        total_count: "totalCount": "number",
        favorite_count: optional "favoriteCount": "number | null",
        friends: "friends": "Friend[]",
        before_offset: optional "beforeOffset": "number | null",
        after_offset: optional "afterOffset": "number | null",
    }

    [] MessageFailure for MessageFailure {
        /// Kakao's code, e.g. -532 for the sender's daily quota.
        code: "code": "number",
        message: "message": "string",
        receiver_uuids: "receiverUuids": "string[]",
    }

    [] FriendsMessageResponse for FriendsMessageResponse {
        successful_receiver_uuids: "successfulReceiverUuids": "string[]",
        failures: "failures": "MessageFailure[]",
    }
}

/// KakaoTalk messages, sent by the backend with the member's own Kakao token. A consent item
/// the member has not agreed to rejects with `consent_required` and its `requiredScopes`.
impl Client {
    /// `POST /messages/me` with `template` (a `MessageTemplate` object, checked by the backend).
    pub(crate) fn send_to_me(self: &Rc<Self>, template: JsValue) -> Promise {
        self.backend("POST", "/messages/me", Some(template), |_, answer| {
            answer.map(|_| JsValue::UNDEFINED)
        })
    }

    /// `GET /friends`: the first page of the member's friends who use the app.
    pub(crate) fn friends(self: &Rc<Self>) -> Promise {
        self.backend("GET", "/friends", None, |_, answer| answer)
    }

    /// `POST /messages/friends`: `body` is `{receiverUuids, template}`.
    pub(crate) fn send_to_friends(self: &Rc<Self>, body: JsValue) -> Promise {
        self.backend("POST", "/messages/friends", Some(body), |_, answer| answer)
    }
}
