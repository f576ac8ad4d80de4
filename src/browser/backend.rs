//! The backend (`/api/kakao/*`) as the page sees it: [`Client`] starts logins and makes the
//! backend calls, and checks each answer against `wire`'s shape of it. The requests and answers
//! are `kakao_sync_wire::api`'s types, declared here once for JavaScript with [`shape!`];
//! `tests/shapes.rs` pins each declaration to `wire`'s serde spelling and `backend/openapi.json`.

use crate::prelude::*;
use alloc::rc::Rc;

use ::core::cell::Cell;
use js_sys::Promise;
use kakao_sync_wire::api::{
    LogoutRequest, LogoutResponse, Member, SessionRequest, SessionResponse, TagsRequest, TalkLogin,
    TalkLoginRequest, TalkSessionRequest, TermStatus,
};
use wasm_bindgen::JsValue;

use crate::browser::shape::{self, Field, Fields, Write};
use crate::browser::storage::{self, Key};
use crate::browser::{self, http};
use crate::core::config::parse_prompts;
use crate::core::config::{ClientConfig, LoginOptions};
use crate::core::login::{
    Decision, Next, TalkTransaction, decide, decide_talk, plan_login, read_redirect,
};
use crate::core::talk_login::TalkLogin as TalkLaunch;
use crate::core::talk_login::{
    Action, CodeJson, Eligibility, Event, Platform, PollAnswer, TalkWait, WaitLimit, code_json_url,
    easy_login_platform, ka_header, kauth_origin, launch_url, read_code_json,
};
use crate::core::user_agent::{App, detect};
use crate::core::{Error, Lang};

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
type Finish = fn(&Client, Result<JsValue, Error>) -> Result<JsValue, Error>;

impl Client {
    pub(crate) fn new(config: ClientConfig) -> Self {
        Client { config }
    }

    #[cfg(feature = "ui")]
    pub(crate) fn lang(&self) -> crate::core::Lang {
        self.config.lang
    }

    /// Starts a login: a fresh state, nonce and PKCE pair, saved as this tab's one transaction,
    /// then a top-level navigation to Kakao, or, where KakaoTalk easy login applies, the launch
    /// of KakaoTalk and the wait for it (the promise), with that login as the fallback.
    /// `view` shows the wait (`{phase, cancel, otherWay}`); a `kakaosync:talkwait` event on
    /// `window` announces it too.
    pub(crate) fn login(
        &self,
        options: &LoginOptions,
        view: Option<JsValue>,
    ) -> Result<Option<Promise>, Error> {
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
        let eligible = easy_login_platform(&Eligibility {
            browser: &detect(&browser::user_agent()),
            through_talk: options
                .through_talk
                .or(self.config.through_talk)
                .unwrap_or(true),
            javascript_key: self.config.javascript_key.as_deref(),
            prompt: &parse_prompts(&options.prompt)?,
        });
        let Ok(platform) = eligible else {
            browser::navigate(&plan.url)?;
            return Ok(None);
        };
        let body = TalkLoginRequest {
            redirect_uri: self.config.redirect_uri.clone(),
        }
        .to_js();
        let (config, options) = (self.config.clone(), options.clone());
        let account_login = plan.url;
        let url = self.config.backend_route("/session/talk");
        let finish: http::Finish = Box::new(move |answer| {
            let talk: TalkLogin = match answer {
                Err(Error::Backend(b)) if b.code == "talk_login_off" => {
                    browser::navigate(&account_login)?;
                    return Ok(JsValue::UNDEFINED);
                }
                answer => shape::answer(&answer?).map_err(bad_answer)?,
            };
            launch_talk(&config, platform, &options, talk, account_login, view)?;
            Ok(JsValue::UNDEFINED)
        });
        Ok(Some(http::call("POST", &url, Some(body), finish)))
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
            c.login(
                &LoginOptions {
                    prompt: vec!["none".into()],
                    ..Default::default()
                },
                None,
            )?;
            Ok(true.into())
        })))
    }

    /// Handles the redirect to `url`: consumes the login as `decide` says, then exchanges the
    /// code through the backend.
    pub(crate) fn handle_redirect(self: &Rc<Self>, url: &str) -> Result<Promise, Error> {
        let handled = storage::get(Key::Handled)?;
        let redirect = read_redirect(url, handled.as_deref())?;
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
fn finish_terms(_: &Client, answer: Result<JsValue, Error>) -> Result<JsValue, Error> {
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

/// Keeps the Talk login in the tab, opens KakaoTalk and starts polling `code.json`.
fn launch_talk(
    config: &ClientConfig,
    platform: Platform,
    options: &LoginOptions,
    talk: TalkLogin,
    account_login: String,
    view: Option<JsValue>,
) -> Result<(), Error> {
    let javascript_key = config.javascript_key.as_deref().unwrap_or_default();
    let limit = WaitLimit::new(config.talk_wait_ms)?;
    let lang = match config.lang {
        Lang::Ko => "ko",
        Lang::En => "en",
    };
    let ka = ka_header(&browser::origin(), lang);
    let url = launch_url(
        platform,
        &TalkLaunch {
            javascript_key,
            redirect_uri: &config.redirect_uri,
            auth_tran_id: &talk.auth_tran_id,
            nonce: talk.nonce.expose(),
            scope: options.scope.as_deref().unwrap_or(&config.scope),
            prompt: &parse_prompts(&options.prompt)?,
            service_terms: options
                .service_terms
                .as_deref()
                .unwrap_or(&config.service_terms),
            channel_public_ids: &config.channel_public_ids,
            ka: &ka,
            authorize_endpoint: config.authorize_endpoint.as_deref(),
            fallback_url: &account_login,
        },
    )?;
    let poll_url = code_json_url(
        kauth_origin(config.authorize_endpoint.as_deref()),
        javascript_key,
        &talk.auth_tran_id,
        &ka,
    );
    let now = browser::now_ms();
    let tx = TalkTransaction {
        state: talk.state,
        auth_tran_id: talk.auth_tran_id,
        redirect_uri: config.redirect_uri.clone(),
        expires_at: now + talk.expires_in as f64 * 1000.0,
    };
    storage::set(Key::TalkTransaction, &tx.encode())?;
    browser::navigate(&url)?;
    let (wait, first) = TalkWait::start(now, limit);
    let waiting = Rc::new(Waiting {
        wait: Cell::new(Some(wait)),
        poll_url,
        tx,
        account_login,
        view,
    });
    waiting.show("waiting");
    waiting.act(first)
}

/// The page's wait for KakaoTalk: the [`TalkWait`] machine fed by each `code.json` poll and the
/// page's cancel and "다른 방법으로 로그인" buttons. Whatever ends it ends it once.
struct Waiting {
    /// Taken for each event and put back: `None` only while an event is being handled.
    wait: Cell<Option<TalkWait>>,
    poll_url: String,
    tx: TalkTransaction,
    account_login: String,
    view: Option<JsValue>,
}

impl Waiting {
    /// Tells the page's view and `window` where the wait is: `waiting` (with `cancel` and
    /// `otherWay`), `cancelled`, `account_login` or `code`.
    fn show(self: &Rc<Self>, phase: &str) {
        let detail = shape::object(&[("phase", phase.into())]);
        if phase == "waiting" {
            for (name, event) in [("cancel", Event::Cancel), ("otherWay", Event::OtherWay)] {
                let waiting = Rc::clone(self);
                let on = browser::callback(Box::new(move |_| {
                    waiting.on(event.clone()).map_err(JsValue::from)?;
                    Ok(JsValue::UNDEFINED)
                }));
                shape::set(&detail, name, on);
            }
        }
        browser::announce_talk_wait(self.view.as_ref(), &detail);
    }

    fn on(self: &Rc<Self>, event: Event) -> Result<(), Error> {
        let Some(mut wait) = self.wait.take() else {
            return Ok(());
        };
        let action = wait.on(event, browser::now_ms());
        self.wait.set(Some(wait));
        self.act(action)
    }

    fn act(self: &Rc<Self>, action: Action) -> Result<(), Error> {
        match action {
            Action::PollAt(at) => {
                let waiting = Rc::clone(self);
                let poll = browser::callback(Box::new(move |_| {
                    let answered = Rc::clone(&waiting);
                    let finish = browser::callback(Box::new(move |answer| {
                        answered
                            .on(Event::Polled(read_poll(&answer)))
                            .map_err(JsValue::from)?;
                        Ok(JsValue::UNDEFINED)
                    }));
                    browser::poll(&waiting.poll_url, &finish);
                    Ok(JsValue::UNDEFINED)
                }));
                browser::later(at - browser::now_ms(), &poll);
            }
            Action::Exchange(code) => {
                self.show("code");
                browser::navigate(&self.tx.redirect_url(&code))?;
            }
            Action::ShowCancelled => {
                storage::remove(Key::TalkTransaction);
                self.show("cancelled");
            }
            Action::AccountLogin => {
                storage::remove(Key::TalkTransaction);
                self.show("account_login");
                browser::navigate(&self.account_login)?;
            }
            Action::Nothing => {}
        }
        Ok(())
    }
}

/// One `code.json` poll as `browser.js` reports it: `{status, body}`, or `{unreachable}` when the
/// phone suspended the page or the network dropped, which means ask again.
fn read_poll(answer: &JsValue) -> PollAnswer {
    if !browser::get(answer, "unreachable").is_undefined() {
        return PollAnswer::Pending;
    }
    let status = browser::get(answer, "status").as_f64().unwrap_or_default() as u16;
    let body = shape::answer::<CodeJson>(&browser::get(answer, "body")).unwrap_or_default();
    read_code_json(status, &body)
}
