//! KakaoTalk easy login's launching half (feature `talk`, in the `kakao-sync` entry): `POST
//! /session/talk`, the launch of KakaoTalk, and the page's wait for it through kauth's
//! `code.json`. The redirect half, which posts a Talk login's `{code, state}`, is
//! [`Client::handle_redirect`] in every build, so `kakao-sync/core` carries none of this.

use crate::prelude::*;
use alloc::rc::Rc;

use crate::browser::builtins::Promise;
use ::core::cell::Cell;
use kakao_sync_wire::api::{TalkLogin, TalkLoginRequest};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use super::{Client, bad_answer};
use crate::browser::shape::{self, Write};
use crate::browser::storage::{self, Key};
use crate::browser::{self, http};
use crate::core::Error;
use crate::core::config::{ClientConfig, LoginOptions, parse_prompts};
use crate::core::login::TalkTransaction;
use crate::core::talk_login::TalkLogin as TalkLaunch;
use crate::core::talk_login::{
    Action, CodeJson, Eligibility, Event, Platform, PollAnswer, TalkWait, WaitLimit, code_json_url,
    easy_login_platform, ka_header, kauth_origin, launch_url, read_code_json,
};
use crate::core::user_agent::detect;

#[wasm_bindgen(module = "/src/browser/browser.js")]
extern "C" {
    /// `fetch(url)` without cookies (kauth's `code.json` answers a JavaScript SDK domain's CORS
    /// request, without credentials); `finish` gets `{status, body}` (`body` the parsed JSON,
    /// `undefined` when it is not JSON) or `{unreachable: message}`.
    fn poll(url: &str, finish: &JsValue);
    /// `setTimeout(f, ms)`.
    fn later(ms: f64, f: &JsValue);
    /// Calls `view(detail)` when there is one, then dispatches `kakaosync:talkwait` on `window`
    /// with `detail`.
    #[wasm_bindgen(js_name = announceTalkWait)]
    fn announce_talk_wait(view: Option<&JsValue>, detail: &JsValue);
}

impl Client {
    /// Starts a login: a fresh state, nonce and PKCE pair, saved as this tab's one transaction,
    /// then a top-level navigation to Kakao, or, where KakaoTalk easy login applies, the launch
    /// of KakaoTalk and the wait for it (the promise), with that login as the fallback.
    /// `view` shows the wait (`{phase, cancel, otherWay}`); a `kakaosync:talkwait` event on
    /// `window` announces it too.
    pub(crate) fn login(self: &Rc<Self>, options: &LoginOptions, view: Option<JsValue>) -> Promise {
        let (client, saved) = (Rc::clone(self), options.clone());
        self.save_login(
            options,
            Box::new(move |account_login| client.talk_or_account(&saved, account_login, view)),
        )
    }

    /// With the login saved and `account_login` its Kakao login page: the promise of the launch of
    /// KakaoTalk where easy login applies, else the navigation to that page (`undefined`).
    fn talk_or_account(
        &self,
        options: &LoginOptions,
        account_login: String,
        view: Option<JsValue>,
    ) -> Result<JsValue, Error> {
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
            browser::navigate(&account_login)?;
            return Ok(JsValue::UNDEFINED);
        };
        let body = TalkLoginRequest {
            redirect_uri: self.config.redirect_uri.clone(),
        }
        .to_js();
        let (config, options) = (self.config.clone(), options.clone());
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
        Ok(http::call("POST", &url, Some(body), finish).into())
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
    let ka = ka_header(&browser::origin(), config.lang.code());
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
        announce_talk_wait(self.view.as_ref(), &detail);
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
                    poll(&waiting.poll_url, &finish);
                    Ok(JsValue::UNDEFINED)
                }));
                later(at - browser::now_ms(), &poll);
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
