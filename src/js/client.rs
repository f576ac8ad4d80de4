//! The `KakaoSync` class: login, auto-login in KakaoTalk, the redirect page, and the member's
//! session, terms, logout and withdrawal through the backend.

use crate::prelude::*;
use ::core::cell::Cell;
use alloc::rc::Rc;

use js_sys::Array;
use js_sys::Promise;
use kakao_sync_wire::api::SessionRequest;
#[cfg(feature = "ui")]
use kakao_sync_wire::api::TermStatus;
use wasm_bindgen::prelude::*;

use crate::browser::storage::{self, Key};
use crate::browser::{self, http};
use crate::core::config::{ClientConfig, DEFAULT_BACKEND_URL, LoginOptions};
use crate::core::login::{Next, decide, plan_login, read_redirect};
use crate::core::redirect::strip_callback_params;
use crate::core::user_agent::{App, detect};
use crate::core::{Error, Lang};
use crate::js::read::{self, Kind, Schema};
use crate::js::{object, set};

/// The redirect this page is handling, and the one promise every caller gets for it: a second
/// call, React StrictMode's double effect, or a custom element racing the page's own code all
/// share the first exchange instead of sending the code twice.
struct InFlight {
    url: String,
    /// The address bar after cleanup, so a later argument-less call still finds this one.
    cleaned: String,
    promise: Promise,
}

page_local! {
    static IN_FLIGHT: Cell<Option<InFlight>> = const { Cell::new(None) };
}

/// Kakao Sync for one app: `new KakaoSync({clientId, redirectUri, ...})`. For the browser only:
/// its methods use the tab's sessionStorage, location and `fetch`.
#[wasm_bindgen]
pub struct KakaoSync {
    client: Rc<Client>,
}

pub(crate) struct Client {
    config: ClientConfig,
}

/// Turns the backend's answer to one request into a method's result.
type Finish = fn(&Client, Result<JsValue, Error>) -> Result<JsValue, Error>;

impl Client {
    #[cfg(feature = "ui")]
    pub(crate) fn lang(&self) -> Lang {
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
        http::call(method, &url, body, move |answer| finish(&client, answer))
    }

    fn auto_login(self: &Rc<Self>) -> Result<Option<Promise>, Error> {
        if detect(&browser::user_agent()).app != Some(App::KakaoTalk) {
            return Ok(None);
        }
        if storage::get(Key::AutoLoginTried)?.is_some() {
            return Ok(None);
        }
        Ok(Some(self.backend("GET", "/session", None, |c, answer| {
            // Any failure to read the session counts as signed out: at worst Kakao answers
            // `consent_required` once, and the tried flag stops a second attempt.
            if answer.and_then(|raw| check_member(&raw)).is_ok() {
                return Ok(false.into());
            }
            auto_login_tried()?;
            c.login(&LoginOptions {
                prompt: vec!["none".into()],
                ..Default::default()
            })?;
            Ok(true.into())
        })))
    }

    fn handle_redirect(self: &Rc<Self>, url: &str) -> Result<Promise, Error> {
        let handled = storage::get(Key::Handled)?;
        let redirect = read_redirect(url, handled.as_deref())?;
        let tx = storage::load_transaction()?;
        let next = decide(redirect, tx.as_ref(), handled.as_deref(), browser::now_ms());
        if !matches!(
            next,
            Err(Error::StateMismatch | Error::StateMissing | Error::UnexpectedState)
        ) && let Some(tx) = &tx
        {
            storage::remove(Key::Transaction);
            storage::set(Key::Handled, tx.state.expose())?;
        }
        let status = |s: &str| Promise::resolve(&object(&[("status", s.into())]));
        Ok(match next? {
            Next::Cancelled => status("cancelled"),
            Next::SignupRequired => status("signup_required"),
            Next::Exchange(request) => self.backend(
                "POST",
                "/session",
                Some(session_body(request)),
                |_, answer| {
                    let raw = answer?;
                    check_session_response(&raw).map_err(bad_answer)?;
                    storage::remove(Key::AutoLoginTried);
                    set(&raw, "status", "signed_in".into());
                    Ok(raw)
                },
            ),
        })
    }

    fn session(self: &Rc<Self>) -> Promise {
        self.backend("GET", "/session", None, |_, answer| match answer {
            Ok(raw) => check_member(&raw).map(|()| raw),
            Err(Error::Backend(b)) if b.status == 401 => Ok(JsValue::NULL),
            Err(e) => Err(e),
        })
    }

    pub(crate) fn service_terms(self: &Rc<Self>) -> Promise {
        self.backend("GET", "/terms", None, finish_terms)
    }

    pub(crate) fn agree_service_terms(self: &Rc<Self>, tags: Vec<String>) -> Promise {
        self.backend("POST", "/terms/agree", Some(tags_body(tags)), finish_terms)
    }

    pub(crate) fn revoke_service_terms(self: &Rc<Self>, tags: Vec<String>) -> Promise {
        self.backend("POST", "/terms/revoke", Some(tags_body(tags)), finish_terms)
    }

    fn logout(self: &Rc<Self>, with_kakao_account: bool) -> Promise {
        let body = object(&[("withKakaoAccount", with_kakao_account.into())]);
        self.backend("POST", "/logout", Some(body), |_, answer| {
            let kakao_logout_url = read::object(
                &answer?,
                "LogoutResponse",
                &[("kakaoLogoutUrl", Kind::Text)],
            )
            .map_err(bad_answer)?
            .text();
            auto_login_tried()?;
            if let Some(url) = kakao_logout_url {
                browser::navigate(&url)?;
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    fn withdraw(self: &Rc<Self>) -> Promise {
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

/// The backend's terms, checked against the documented shape and handed over as they are.
fn finish_terms(_: &Client, answer: Result<JsValue, Error>) -> Result<JsValue, Error> {
    let raw = answer?;
    read::list(&raw, "TermStatus", TERM, drop).map_err(bad_answer)?;
    Ok(raw)
}

fn tags_body(tags: Vec<String>) -> JsValue {
    let array = Array::new();
    for tag in tags {
        array.push(&tag.into());
    }
    object(&[("tags", array.into())])
}

/// Reads `new KakaoSync({...})`'s options.
fn read_config(options: JsValue) -> Result<ClientConfig, Error> {
    let mut v = read::options(
        options,
        "KakaoSyncOptions",
        &[
            ("clientId", Kind::RequiredText),
            ("redirectUri", Kind::RequiredText),
            ("backendUrl", Kind::Text),
            ("authorizeEndpoint", Kind::Text),
            ("scope", Kind::Texts),
            ("serviceTerms", Kind::Texts),
            ("channelPublicIds", Kind::Texts),
            ("lang", Kind::Text),
        ],
    )?;
    Ok(ClientConfig {
        client_id: v.text().unwrap_or_default(),
        redirect_uri: v.text().unwrap_or_default(),
        backend_url: v.text().unwrap_or_else(|| DEFAULT_BACKEND_URL.to_owned()),
        authorize_endpoint: v.text(),
        scope: v.texts().unwrap_or_default(),
        service_terms: v.texts().unwrap_or_default(),
        channel_public_ids: v.texts().unwrap_or_default(),
        lang: v
            .text()
            .map(|l| Lang::parse(&l))
            .transpose()?
            .unwrap_or_default(),
    })
}

/// Reads `login({...})`'s options.
pub(crate) fn read_login_options(options: JsValue) -> Result<LoginOptions, Error> {
    let mut v = read::options(
        options,
        "LoginOptions",
        &[
            ("prompt", Kind::Texts),
            ("loginHint", Kind::Text),
            ("serviceTerms", Kind::Texts),
            ("scope", Kind::Texts),
        ],
    )?;
    Ok(LoginOptions {
        prompt: v.texts().unwrap_or_default(),
        login_hint: v.text(),
        service_terms: v.texts(),
        scope: v.texts(),
    })
}

fn session_body(request: SessionRequest) -> JsValue {
    object(&[
        ("code", request.code.expose().into()),
        ("codeVerifier", request.code_verifier.expose().into()),
        ("nonce", request.nonce.expose().into()),
        ("redirectUri", request.redirect_uri.into()),
    ])
}

/// A 2xx answer that is not the documented shape is the backend's fault, not the page's.
fn bad_answer(e: Error) -> Error {
    match e {
        Error::InvalidOptions(why) => Error::BackendResponse(why),
        other => other,
    }
}

fn check_member(raw: &JsValue) -> Result<(), Error> {
    read::object(raw, "Member", &[("kakaoId", Kind::RequiredText)])
        .map(drop)
        .map_err(bad_answer)
}

fn check_session_response(raw: &JsValue) -> Result<(), Error> {
    let mut v = read::object(
        raw,
        "SessionResponse",
        &[
            ("isNewMember", Kind::RequiredFlag),
            ("missingRequiredTerms", Kind::Texts),
            ("member", Kind::Any),
        ],
    )?;
    v.flag();
    v.texts();
    check_member(&v.raw().unwrap_or_default())
}

/// `TermStatus`: one term of the catalogue with this member's consent.
const TERM: &Schema = &[
    ("tag", Kind::RequiredText),
    ("title", Kind::RequiredText),
    ("url", Kind::Text),
    ("required", Kind::RequiredFlag),
    ("agreed", Kind::RequiredFlag),
    ("revocable", Kind::RequiredFlag),
    ("agreedAt", Kind::Text),
    ("agreedBy", Kind::Text),
];

/// The backend's terms, or a page's `renderTermsConsent({terms})`.
#[cfg(feature = "ui")]
pub(crate) fn read_terms(raw: &JsValue) -> Result<Vec<TermStatus>, Error> {
    read::list(raw, "TermStatus", TERM, |mut v| TermStatus {
        tag: v.text().unwrap_or_default(),
        title: v.text().unwrap_or_default(),
        url: v.text(),
        required: v.flag().unwrap_or_default(),
        agreed: v.flag().unwrap_or_default(),
        revocable: v.flag().unwrap_or_default(),
        agreed_at: v.text(),
        agreed_by: v.text(),
    })
}

impl KakaoSync {
    /// `handleRedirect`'s promise for `url`, and the exchange to remember as in flight: the
    /// previous one when this is the same redirect or nothing new started.
    fn redirect(
        &self,
        url: Option<String>,
        here: Result<String, Error>,
        previous: Option<InFlight>,
    ) -> (Promise, Option<InFlight>) {
        if let Some(f) = &previous {
            let same = match (&url, &here) {
                (Some(u), _) => *u == f.url,
                (None, Ok(h)) => *h == f.url || *h == f.cleaned,
                (None, Err(_)) => false,
            };
            if same {
                return (f.promise.clone(), previous);
            }
        }
        let (url, is_current_page) = match (url, here) {
            (Some(u), Ok(h)) => {
                let current = u == h;
                (u, current)
            }
            (Some(u), Err(_)) => (u, false),
            (None, Ok(h)) => (h, true),
            (None, Err(e)) => return (settle(Err(e)), previous),
        };
        let cleaned = strip_callback_params(&url);
        // At once, before any await: the code must not linger in the address bar, history or a
        // copied link, whatever the exchange does.
        if is_current_page && let Err(e) = browser::replace_url(&cleaned) {
            return (settle(Err(e)), previous);
        }
        let promise = self
            .client
            .handle_redirect(&url)
            .unwrap_or_else(|e| settle(Err(e)));
        let in_flight = InFlight {
            url,
            cleaned,
            promise: promise.clone(),
        };
        (promise, Some(in_flight))
    }

    /// The client behind the class, for the UI methods in `js::ui`.
    #[cfg(feature = "ui")]
    pub(crate) fn client(&self) -> &Rc<Client> {
        &self.client
    }
}

#[wasm_bindgen]
impl KakaoSync {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "KakaoSyncOptions")] options: JsValue,
    ) -> Result<KakaoSync, JsValue> {
        let config = read_config(options)?;
        config.validate()?;
        Ok(KakaoSync {
            client: Rc::new(Client { config }),
        })
    }

    /// Starts a Kakao login (new state, nonce and PKCE pair, saved for this tab) and navigates.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn login(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "LoginOptions")] options: JsValue,
    ) -> Promise {
        settle(
            read_login_options(options)
                .and_then(|o| self.client.login(&o))
                .map(|()| JsValue::UNDEFINED),
        )
    }

    /// In KakaoTalk's in-app browser, once per tab and only when not signed in: navigates with
    /// `prompt=none` and resolves `true`. Everywhere else resolves `false`.
    #[wasm_bindgen(js_name = autoLogin, unchecked_return_type = "Promise<boolean>")]
    pub fn auto_login(&self) -> Promise {
        match self.client.auto_login() {
            Ok(Some(promise)) => promise,
            other => settle(other.map(|_| false.into())),
        }
    }

    /// Handles the redirect page (by default the current URL): checks state, consumes the
    /// login exactly once, cleans the address bar and signs in through the backend.
    #[wasm_bindgen(js_name = handleRedirect, unchecked_return_type = "Promise<RedirectOutcome>")]
    pub fn handle_redirect(&self, url: Option<String>) -> Promise {
        let here = browser::current_url();
        IN_FLIGHT.with(|cell| {
            let (promise, in_flight) = self.redirect(url, here, cell.take());
            cell.set(in_flight);
            promise
        })
    }

    /// The signed-in member, or `null`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Member | null>")]
    pub fn session(&self) -> Promise {
        self.client.session()
    }

    /// The app's service terms with this member's consent.
    #[wasm_bindgen(js_name = serviceTerms, unchecked_return_type = "Promise<TermStatus[]>")]
    pub fn service_terms(&self) -> Promise {
        self.client.service_terms()
    }

    /// Records the member's agreement to `tags` at Kakao (upgrade API) and in the backend.
    #[wasm_bindgen(js_name = agreeServiceTerms, unchecked_return_type = "Promise<TermStatus[]>")]
    pub fn agree_service_terms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] tags: JsValue,
    ) -> Promise {
        match read_tags(&tags) {
            Ok(tags) => self.client.agree_service_terms(tags),
            Err(e) => settle(Err(e)),
        }
    }

    /// Revokes the member's agreement to revocable `tags`.
    #[wasm_bindgen(js_name = revokeServiceTerms, unchecked_return_type = "Promise<TermStatus[]>")]
    pub fn revoke_service_terms(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] tags: JsValue,
    ) -> Promise {
        match read_tags(&tags) {
            Ok(tags) => self.client.revoke_service_terms(tags),
            Err(e) => settle(Err(e)),
        }
    }

    /// Logs out (Kakao token logout + the backend session); with `withKakaoAccount` also out of
    /// the Kakao Account in this browser, by navigating to Kakao's logout page.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn logout(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "LogoutOptions")] options: JsValue,
    ) -> Promise {
        match read::options(
            options,
            "LogoutOptions",
            &[("withKakaoAccount", Kind::Flag)],
        ) {
            Ok(mut v) => self.client.logout(v.flag().unwrap_or_default()),
            Err(e) => settle(Err(e)),
        }
    }

    /// Withdraws the member: Kakao unlink, then the backend deletes their data and sessions.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn withdraw(&self) -> Promise {
        self.client.withdraw()
    }
}

fn read_tags(tags: &JsValue) -> Result<Vec<String>, Error> {
    read::texts(tags)
        .ok_or_else(|| Error::InvalidOptions("tags must be an array of strings".into()))
}

/// A result known at once, as the promise every method returns: failures reject, never throw.
fn settle(result: Result<JsValue, Error>) -> Promise {
    match result {
        Ok(value) => Promise::resolve(&value),
        Err(e) => Promise::reject(&e.into()),
    }
}
