//! The UI on the JS surface: `renderLoginButton`, `renderTermsConsent`, and the
//! `<kakao-login-button>` / `<kakao-terms-consent>` custom elements built from HTML attributes.
//! [Login button design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).

use std::cell::OnceCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise};
use kakao_sync_wire::api::TermStatus;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Element, HtmlElement, Node};

use crate::core::Lang;
use crate::core::button::ButtonOptions;
use crate::core::config::LoginOptions;
use crate::core::terms::TermsConsent;
use crate::js::client::{Client, KakaoSync};
use crate::js::{parse_options, set};
use crate::ui;
/// The DOM components with plain Rust callbacks, for the browser tests in `tests/ui.rs`
/// (`crate::ui` itself is private).
#[doc(hidden)]
pub use crate::ui::{Activate, ERROR_EVENT, LoginButton, Submit, TermsHandle, TermsPanel};

/// `renderTermsConsent(el, {...})`.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TermsOptions {
    /// Omitted: the member's terms are loaded from the backend (`serviceTerms()`).
    #[serde(default)]
    terms: Option<Vec<TermStatus>>,
    /// The page saves the ticked tags itself instead of `agreeServiceTerms` / `revokeServiceTerms`.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    on_submit: JsValue,
    #[serde(default)]
    lang: Option<Lang>,
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export interface LoginButtonOptions {
  kind?: "login" | "sync";
  label?: "full" | "short";
  size?: "small" | "medium" | "large";
  /** A number is a width in CSS pixels. */
  width?: "narrow" | "wide" | "fill" | number;
  lang?: "ko" | "en";
  /** The symbol at the left edge, or centred together with the label. */
  align?: "left" | "center";
  disabled?: boolean;
}

export interface TermsConsentOptions {
  /** Default: the member's terms, loaded with `serviceTerms()`. */
  terms?: TermStatus[];
  /** Receives the ticked tags instead of `agreeServiceTerms` / `revokeServiceTerms`. */
  onSubmit?: (tags: string[]) => void | Promise<void>;
  lang?: "ko" | "en";
}
"#;

#[wasm_bindgen]
impl KakaoSync {
    /// Renders Kakao's login button into `el`, replacing its content; activating it calls
    /// `login()`. A failure is dispatched on the button as a bubbling `kakao-sync-error` event
    /// whose `detail` is the `KakaoSyncError`. Rendering into the same element again replaces it.
    #[wasm_bindgen(js_name = renderLoginButton)]
    pub fn render_login_button(
        &self,
        el: &HtmlElement,
        #[wasm_bindgen(unchecked_param_type = "LoginButtonOptions | undefined")] options: JsValue,
    ) -> Result<(), JsValue> {
        known_fields(&options, BUTTON_FIELDS)?;
        let options: ButtonOptions = parse_options(options)?;
        mount_button(el, el, &options, self.client())
    }

    /// Renders the service-terms consent panel into `el`, replacing its content. Submitting
    /// agrees to the newly ticked terms and revokes the unticked revocable ones, or hands the
    /// ticked tags to `onSubmit`.
    #[wasm_bindgen(js_name = renderTermsConsent)]
    pub fn render_terms_consent(
        &self,
        el: &HtmlElement,
        #[wasm_bindgen(unchecked_param_type = "TermsConsentOptions | undefined")] options: JsValue,
    ) -> Result<(), JsValue> {
        known_fields(&options, &["terms", "onSubmit", "lang"])?;
        let options: TermsOptions = parse_options(options)?;
        let lang = options.lang.unwrap_or_else(|| self.client().lang());
        let submit = match options.on_submit.dyn_into::<Function>() {
            Ok(f) => page_submit(f),
            Err(v) if v.is_undefined() => kakao_submit(self.client()),
            Err(_) => return Err(invalid("onSubmit must be a function")),
        };
        mount_terms(el, el, lang, options.terms, submit, self.client())
    }
}

/// Defines `<kakao-login-button>` and `<kakao-terms-consent>`; call it once after `init()`.
/// Their attributes are the `KakaoSync` options in kebab-case (`client-id`, `redirect-uri`,
/// `backend-url`, `authorize-endpoint`, `lang`, and space- or comma-separated `scope`,
/// `service-terms`, `channel-public-ids`), plus the button's `kind`, `label`, `size`, `width`,
/// `align` and `disabled`.
#[wasm_bindgen(js_name = defineCustomElements)]
pub fn define_custom_elements() {
    ELEMENTS.with(|cell| {
        let callbacks = cell.get_or_init(|| Callbacks {
            connect: Closure::new(connect),
            disconnect: Closure::new(|host: Element| ui::unmount(&host)),
        });
        define_elements(&callbacks.connect, &callbacks.disconnect);
    });
}

#[wasm_bindgen(module = "/src/ui/elements.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElements)]
    fn define_elements(
        connect: &Closure<dyn Fn(HtmlElement)>,
        disconnect: &Closure<dyn Fn(Element)>,
    );
}

/// The lifecycle callbacks every custom element calls, registered once per page and kept for
/// its lifetime (custom element definitions cannot be removed).
struct Callbacks {
    connect: Closure<dyn Fn(HtmlElement)>,
    disconnect: Closure<dyn Fn(Element)>,
}

thread_local! {
    static ELEMENTS: OnceCell<Callbacks> = const { OnceCell::new() };
}

/// A custom element joined the page or changed an attribute: (re)build it from its attributes.
/// Errors (a missing `client-id`, a bad `size`) go to the console and to a `kakao-sync-error`
/// event on the element, since no caller is there to catch them.
fn connect(host: HtmlElement) {
    let result = shadow_and_client(&host).and_then(|(root, client)| {
        if host.local_name() == "kakao-terms-consent" {
            let lang = client.lang();
            let submit = kakao_submit(&client);
            mount_terms(&host, &root, lang, None, submit, &client)
        } else {
            let options = button_attributes(&host);
            mount_button(&host, &root, &parse_options(options)?, &client)
        }
    });
    if let Err(err) = result {
        web_sys::console::error_1(&err);
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&err);
        init.set_bubbles(true);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(ui::ERROR_EVENT, &init) {
            let _ = host.dispatch_event(&event);
        }
    }
}

fn shadow_and_client(host: &HtmlElement) -> Result<(Node, Rc<Client>), JsValue> {
    let root = ui::shadow_root(host)?;
    let options = Object::new();
    for (attr, key) in [
        ("client-id", "clientId"),
        ("redirect-uri", "redirectUri"),
        ("backend-url", "backendUrl"),
        ("authorize-endpoint", "authorizeEndpoint"),
        ("lang", "lang"),
    ] {
        if let Some(value) = host.get_attribute(attr) {
            set(&options, key, value);
        }
    }
    for (attr, key) in [
        ("scope", "scope"),
        ("service-terms", "serviceTerms"),
        ("channel-public-ids", "channelPublicIds"),
    ] {
        if let Some(value) = host.get_attribute(attr) {
            let list: Array = value
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(JsValue::from)
                .collect();
            set(&options, key, list);
        }
    }
    let sync = KakaoSync::new(options.into())?;
    Ok((root.into(), Rc::clone(sync.client())))
}

/// The button's attributes as a `LoginButtonOptions` object, so they are checked exactly like
/// `renderLoginButton`'s options. `lang` is left to the client built from the same attributes.
fn button_attributes(host: &HtmlElement) -> JsValue {
    let options = Object::new();
    for name in ["kind", "label", "size", "width", "align"] {
        if let Some(value) = host.get_attribute(name) {
            set(&options, name, value);
        }
    }
    if host.has_attribute("disabled") {
        set(&options, "disabled", true);
    }
    options.into()
}

fn mount_button(
    host: &Element,
    parent: &Node,
    options: &ButtonOptions,
    client: &Rc<Client>,
) -> Result<(), JsValue> {
    let lang = options.lang.unwrap_or_else(|| client.lang());
    let client = Rc::clone(client);
    let activate: Activate = Rc::new(move || {
        let client = Rc::clone(&client);
        Box::pin(async move {
            client
                .login(LoginOptions::default())
                .await
                .map_err(JsValue::from)
        })
    });
    let button = LoginButton::render(parent, options, lang, activate)?;
    ui::mount(host, Box::new(button));
    Ok(())
}

fn mount_terms(
    host: &Element,
    parent: &Node,
    lang: Lang,
    terms: Option<Vec<TermStatus>>,
    submit: Submit,
    client: &Rc<Client>,
) -> Result<(), JsValue> {
    let load = terms.is_none();
    let panel = TermsPanel::render(parent, lang, terms, submit)?;
    if load {
        let handle = panel.handle();
        let client = Rc::clone(client);
        spawn_local(async move {
            let shown = match client.service_terms().await {
                Ok(terms) => handle.set_terms(terms),
                Err(err) => Err(err.into()),
            };
            if let Err(err) = shown {
                handle.show_error(&err);
            }
        });
    }
    ui::mount(host, Box::new(panel));
    Ok(())
}

/// Saves through Kakao: agree to the newly ticked terms, then revoke the unticked ones.
fn kakao_submit(client: &Rc<Client>) -> Submit {
    let client = Rc::clone(client);
    Rc::new(move |state: &TermsConsent| {
        let changes = state.changes();
        let client = Rc::clone(&client);
        Box::pin(async move {
            let mut latest = None;
            if !changes.agree.is_empty() {
                latest = Some(client.agree_service_terms(changes.agree).await?);
            }
            if !changes.revoke.is_empty() {
                latest = Some(client.revoke_service_terms(changes.revoke).await?);
            }
            Ok(latest)
        })
    })
}

/// Hands the ticked tags to the page's `onSubmit`, waiting for its promise if it returns one.
fn page_submit(on_submit: Function) -> Submit {
    Rc::new(move |state: &TermsConsent| {
        let tags: Array = state
            .checked_tags()
            .into_iter()
            .map(JsValue::from)
            .collect();
        let returned = on_submit.call1(&JsValue::UNDEFINED, &tags);
        Box::pin(async move {
            JsFuture::from(Promise::resolve(&returned?)).await?;
            Ok(None)
        })
    })
}

/// The options `ButtonOptions` reads.
const BUTTON_FIELDS: &[&str] = &[
    "kind", "label", "size", "width", "lang", "align", "disabled",
];

/// serde-wasm-bindgen looks up only the fields a struct names, so `deny_unknown_fields` never
/// fires on a JS object; a typo in a page (`{colour: "blue"}`) must still fail loudly.
fn known_fields(value: &JsValue, fields: &[&str]) -> Result<(), JsValue> {
    let Some(object) = value.dyn_ref::<Object>() else {
        return Ok(()); // `undefined`, or a wrong type that parsing reports
    };
    for key in Object::keys(object) {
        let key = key.as_string().unwrap_or_default();
        if !fields.contains(&key.as_str()) {
            return Err(invalid(&("unknown option `".to_string() + &key + "`")));
        }
    }
    Ok(())
}

fn invalid(why: &str) -> JsValue {
    crate::core::Error::InvalidOptions(why.into()).into()
}
