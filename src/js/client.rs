//! The `KakaoSync` class: login, auto-login in KakaoTalk, the redirect page, and the member's
//! session, terms, logout and withdrawal through the backend ([`Client`]), and the one exchange
//! a page's redirect gets however often it is handled.

use crate::prelude::*;
use ::core::cell::Cell;
use alloc::rc::Rc;

use js_sys::Promise;
use kakao_sync_wire::api::LogoutRequest;
use wasm_bindgen::prelude::*;

use crate::browser;
use crate::browser::backend::Client;
use crate::browser::shape::{self, texts};
use crate::core::Error;
use crate::core::config::{ClientConfig, LoginOptions};
use crate::core::redirect::strip_callback_params;

/// The redirect this page is handling, and the one promise every caller gets for it: a second
/// call, React StrictMode's double effect, or a custom element racing the page's own code all
/// share the first exchange instead of sending the code twice.
#[cfg(feature = "redirect")]
struct InFlight {
    url: String,
    /// The address bar after cleanup, so a later argument-less call still finds this one.
    cleaned: String,
    promise: Promise,
}

#[cfg(feature = "redirect")]
page_local! {
    static IN_FLIGHT: Cell<Option<InFlight>> = const { Cell::new(None) };
}

/// Kakao Sync for one app: `new KakaoSync({clientId, redirectUri, ...})`. For the browser only:
/// its methods use the tab's sessionStorage, location and `fetch`.
#[wasm_bindgen]
pub struct KakaoSync {
    client: Rc<Client>,
}

#[cfg(feature = "redirect")]
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
}

#[cfg(feature = "ui")]
impl KakaoSync {
    /// The client behind the class, for the UI methods in `js::ui`.
    pub(crate) fn client(&self) -> &Rc<Client> {
        &self.client
    }
}

/// What every page role has: the class, and who is signed in (every kind of page asks).
#[wasm_bindgen]
impl KakaoSync {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "KakaoSyncOptions")] options: JsValue,
    ) -> Result<KakaoSync, JsValue> {
        let config: ClientConfig = shape::options(options)?;
        config.validate()?;
        Ok(KakaoSync {
            client: Rc::new(Client::new(config)),
        })
    }

    /// The signed-in member, or `null`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Member | null>")]
    pub fn session(&self) -> Promise {
        self.client.session()
    }
}

/// The login role: what a page with a login button calls first.
#[cfg(feature = "login")]
#[wasm_bindgen]
impl KakaoSync {
    /// Starts a Kakao login (new state, nonce and PKCE pair, saved for this tab) and navigates;
    /// on a phone, with `javascriptKey`, through KakaoTalk when it can (`kakaosync:talkwait`
    /// events on `window` tell the page while it waits). KakaoTalk easy login comes with the
    /// `kakao-sync` entry; `kakao-sync/core` signs in through Kakao's account page.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn login(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "LoginOptions")] options: JsValue,
    ) -> Promise {
        match shape::options::<LoginOptions>(options) {
            Ok(options) => self.start_login(&options),
            Err(e) => settle(Err(e)),
        }
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

    /// Incremental consent for a `consent_required` error, as one call: `login({ scope })` with
    /// the error's `requiredScopes` and `openid`. Kakao issues a new ID token, which the backend's
    /// sign-in checks, only when `openid` is asked for again ("추가 항목 동의 받기" in Kakao's
    /// login docs; UNCONFIRMED here, the search index did not hold that page's sentence).
    #[wasm_bindgen(js_name = requestConsent, unchecked_return_type = "Promise<void>")]
    pub fn request_consent(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KakaoSyncError")] error: JsValue,
    ) -> Promise {
        let scopes = texts(&browser::get(&error, "requiredScopes")).filter(|s| !s.is_empty());
        let Some(mut scope) = scopes else {
            let why = "requestConsent takes a consent_required error with its requiredScopes";
            return settle(Err(Error::InvalidOptions(why.into())));
        };
        if !scope.iter().any(|s| s == "openid") {
            scope.push("openid".into());
        }
        let options = LoginOptions {
            scope: Some(scope),
            ..Default::default()
        };
        self.start_login(&options)
    }
}

/// The redirect role: what the page Kakao redirects back to calls.
#[cfg(feature = "redirect")]
#[wasm_bindgen]
impl KakaoSync {
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
}

/// The member's account: terms, logout and withdrawal.
#[cfg(feature = "account")]
#[wasm_bindgen]
impl KakaoSync {
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
        match shape::options::<LogoutRequest>(options) {
            Ok(request) => self.client.logout(&request),
            Err(e) => settle(Err(e)),
        }
    }

    /// Withdraws the member: Kakao unlink, then the backend deletes their data and sessions.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn withdraw(&self) -> Promise {
        self.client.withdraw()
    }
}

#[cfg(feature = "account")]
fn read_tags(tags: &JsValue) -> Result<Vec<String>, Error> {
    texts(tags).ok_or_else(|| Error::InvalidOptions("tags must be an array of strings".into()))
}

/// A result known at once, as the promise every method returns: failures reject, never throw.
fn settle(result: Result<JsValue, Error>) -> Promise {
    match result {
        Ok(value) => Promise::resolve(&value),
        Err(e) => Promise::reject(&e.into()),
    }
}

/// KakaoTalk messages through the backend. A consent item the member has not agreed to rejects
/// with `consent_required` and `requiredScopes`; `requestConsent(error)` asks for exactly those
/// (incremental consent), and after the redirect the same call succeeds.
#[cfg(feature = "account")]
#[wasm_bindgen]
impl KakaoSync {
    /// Sends `template` to the member's own KakaoTalk chat (나에게 보내기).
    #[wasm_bindgen(js_name = sendToMe, unchecked_return_type = "Promise<void>")]
    pub fn send_to_me(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MessageTemplate")] template: JsValue,
    ) -> Promise {
        match message_template(template) {
            Ok(template) => self.client.send_to_me(template),
            Err(e) => settle(Err(e)),
        }
    }

    /// The first page of the member's KakaoTalk friends who use the app (needs `friends`).
    #[wasm_bindgen(unchecked_return_type = "Promise<FriendsPage>")]
    pub fn friends(&self) -> Promise {
        self.client.friends()
    }

    /// Sends `template` to one to five friends by their `uuid` (needs `talk_message` and
    /// Kakao's permission for the app); answers who got it and why the others did not.
    #[wasm_bindgen(js_name = sendToFriends, unchecked_return_type = "Promise<FriendsMessageResponse>")]
    pub fn send_to_friends(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] receiver_uuids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MessageTemplate")] template: JsValue,
    ) -> Promise {
        let Some(uuids) = texts(&receiver_uuids) else {
            let why = "receiverUuids must be an array of strings";
            return settle(Err(Error::InvalidOptions(why.into())));
        };
        match message_template(template) {
            Ok(template) => self.client.send_to_friends(shape::object(&[
                ("receiverUuids", shape::ToJs::to_js(&uuids)),
                ("template", template),
            ])),
            Err(e) => settle(Err(e)),
        }
    }
}

/// A `MessageTemplate` must be an object; the backend checks the rest.
#[cfg(feature = "account")]
fn message_template(template: JsValue) -> Result<JsValue, Error> {
    if !template.is_object() || js_sys::Array::is_array(&template) {
        return Err(Error::InvalidOptions(
            "MessageTemplate must be an object".into(),
        ));
    }
    Ok(template)
}

#[cfg(feature = "login")]
impl KakaoSync {
    /// `login()` and `requestConsent()`: the promise of a wait for KakaoTalk, or of the
    /// navigation to Kakao's login page.
    #[cfg(feature = "talk")]
    fn start_login(&self, options: &LoginOptions) -> Promise {
        match self.client.login(options, None) {
            Ok(Some(waiting)) => waiting,
            other => settle(other.map(|_| JsValue::UNDEFINED)),
        }
    }

    /// `login()` and `requestConsent()` in `kakao-sync/core`: the promise of the navigation to
    /// Kakao's login page (KakaoTalk easy login comes with the `talk` feature).
    #[cfg(not(feature = "talk"))]
    fn start_login(&self, options: &LoginOptions) -> Promise {
        settle(
            self.client
                .account_login(options)
                .map(|()| JsValue::UNDEFINED),
        )
    }
}
