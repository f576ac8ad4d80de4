//! The UI on the JS surface: `renderLoginButton`, `renderTermsConsent`, and the
//! `<kakao-login-button>` / `<kakao-terms-consent>` custom elements built from HTML attributes.
//! [Login button design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).

use crate::prelude::*;
use ::core::cell::OnceCell;
use alloc::rc::Rc;

use js_sys::{Array, Function, Object, Promise};
use kakao_sync_wire::api::TermStatus;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Element, HtmlElement, Node};

use crate::core::button::{self, ButtonOptions, OptionValue};
use crate::core::config::LoginOptions;
use crate::core::terms::TermsConsent;
use crate::core::{Error, Lang};
use crate::js::client::{Client, KakaoSync, read_terms};
use crate::js::read::{self, Kind};
use crate::js::set;
use crate::ui;
use crate::ui::{Activate, LoginButton, Submit, TermsPanel};

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
        let schema: Vec<_> = ButtonOptions::KEYS
            .iter()
            .map(|k| (*k, Kind::Any))
            .collect();
        let mut values = read::options(options, "LoginButtonOptions", &schema)?;
        let mut parsed = ButtonOptions::default();
        for key in ButtonOptions::KEYS {
            if let Some(value) = values.raw() {
                let text = value.as_string();
                let value = match (&text, value.as_f64(), value.as_bool()) {
                    (Some(text), _, _) => OptionValue::Str(text),
                    (_, Some(number), _) => OptionValue::Number(number),
                    (_, _, Some(flag)) => OptionValue::Bool(flag),
                    _ => OptionValue::Other,
                };
                parsed.set(key, value)?;
            }
        }
        mount_button(el, el, &parsed, self.client())
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
        let mut v = read::options(
            options,
            "TermsConsentOptions",
            &[
                ("terms", Kind::Any),
                ("onSubmit", Kind::Any),
                ("lang", Kind::Text),
            ],
        )?;
        let terms = v.raw().map(|t| read_terms(&t)).transpose()?;
        let on_submit = v.raw();
        let lang = match v.text() {
            Some(lang) => button::lang(OptionValue::Str(&lang))?,
            None => self.client().lang(),
        };
        let submit = match on_submit {
            Some(value) => page_submit(value.dyn_into().map_err(|_| Error::InvalidConfig {
                field: "onSubmit",
                reason: "must be a function",
            })?),
            None => kakao_submit(self.client()),
        };
        mount_terms(el, el, lang, terms, submit, self.client())
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

page_local! {
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
            mount_button(&host, &root, &button_attributes(&host)?, &client)
        }
    });
    if let Err(err) = result {
        web_sys::console::error_1(&err);
        ui::dispatch_error(&host, &err);
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
            set(&options, key, value.into());
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
            set(&options, key, list.into());
        }
    }
    let sync = KakaoSync::new(options.into())?;
    Ok((root.into(), Rc::clone(sync.client())))
}

/// The button's attributes, read exactly like `renderLoginButton`'s options. `lang` is left to
/// the client built from the same attributes.
fn button_attributes(host: &HtmlElement) -> Result<ButtonOptions, Error> {
    let mut options = ButtonOptions::default();
    for name in ["kind", "label", "size", "width", "align"] {
        if let Some(value) = host.get_attribute(name) {
            options.set(name, OptionValue::Str(&value))?;
        }
    }
    options.disabled = host.has_attribute("disabled");
    Ok(options)
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
        let result = client.login(&LoginOptions::default());
        Box::pin(async move { result.map_err(JsValue::from) })
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
            match JsFuture::from(client.service_terms()).await {
                Ok(raw) => match read_terms(&raw) {
                    Ok(terms) => handle.set_terms(terms),
                    Err(err) => handle.show_error(&err.into()),
                },
                Err(err) => handle.show_error(&err),
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
                latest = Some(JsFuture::from(client.agree_service_terms(changes.agree)).await?);
            }
            if !changes.revoke.is_empty() {
                latest = Some(JsFuture::from(client.revoke_service_terms(changes.revoke)).await?);
            }
            latest
                .map(|t| read_terms(&t))
                .transpose()
                .map_err(JsValue::from)
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
