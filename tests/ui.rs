#![cfg(all(target_arch = "wasm32", feature = "button", feature = "terms-panel"))]
// The size rules (clippy.toml) are the shipped module's; tests may format.
#![allow(
    clippy::disallowed_macros,
    clippy::disallowed_methods,
    clippy::disallowed_types
)]
//! The UI in real headless Chromium: the login button's DOM, ARIA, computed colours and geometry
//! against the design guide's spec (below) as `src/ui/button.js` draws it, activation and busy
//! state, the terms panel's agree-all logic and required-term gating, and the custom elements
//! (`src/ui/elements.js`) built from HTML attributes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, JSON, Promise, Reflect};
use kakao_sync::core::Lang;
use kakao_sync::js::button::{draw_button, read_button_options};
use kakao_sync::js::client::KakaoSync;
use kakao_sync::ui::{Submit, TermsPanel};
use kakao_sync_wire::api::TermStatus;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
export function captureNavigations() {
  const seen = [];
  window.addEventListener("kakaosync:navigate", (e) => { e.preventDefault(); seen.push(e.detail); });
  return seen;
}
export function listen(target, type) {
  const seen = [];
  target.addEventListener(type, (e) => seen.push(e.detail));
  return seen;
}
"#)]
extern "C" {
    fn sleep(ms: u32) -> Promise;
    /// Cancels every login navigation from now on and collects its URL.
    #[wasm_bindgen(js_name = captureNavigations)]
    fn capture_navigations() -> Array;
    /// Collects the `detail` of every `type` event reaching `target`.
    fn listen(target: &web_sys::EventTarget, kind: &str) -> Array;
}

#[wasm_bindgen(module = "/src/ui/elements.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElements)]
    fn define_elements(get_client: &JsValue);
}

/// The event a component reports a failure with.
const ERROR_EVENT: &str = "kakao-sync-error";

/// The design guide's login button as these tests hold `button.js` to it: its options, and the
/// geometry and colours the stylesheet must give them. The guide's numbers describe Kakao's large
/// artwork, 90 px tall with a 12 px corner radius and a 30 pt label; every size is that artwork
/// scaled by height. [Design guide](https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).
const CONTAINER_COLOR: &str = "#FEE500";
/// Black at 85 % opacity, as the browser reports it.
const LABEL_COLOR: &str = "rgba(0, 0, 0, 0.85)";

#[derive(Clone, Copy, Debug, Default)]
enum ButtonKind {
    #[default]
    Login,
    Sync,
}

#[derive(Clone, Copy, Debug, Default)]
enum LabelForm {
    #[default]
    Full,
    Short,
}

#[derive(Clone, Copy, Debug, Default)]
enum ButtonSize {
    Small,
    #[default]
    Medium,
    Large,
}

#[derive(Clone, Copy, Debug, Default)]
enum SymbolAlign {
    #[default]
    Left,
    Center,
}

#[derive(Clone, Copy, Debug, Default)]
enum ButtonWidth {
    #[default]
    Narrow,
    Wide,
    Fill,
    Px(u16),
}

#[derive(Clone, Copy, Debug, Default)]
struct ButtonOptions {
    kind: ButtonKind,
    label: LabelForm,
    size: ButtonSize,
    width: ButtonWidth,
    align: SymbolAlign,
    disabled: bool,
}

impl ButtonSize {
    fn height_px(self) -> f64 {
        match self {
            Self::Small => 36.0,
            Self::Medium => 45.0,
            Self::Large => 90.0,
        }
    }

    fn corner_radius_px(self) -> f64 {
        self.height_px() * 12.0 / 90.0
    }

    fn label_px(self) -> f64 {
        self.height_px() / 3.0
    }
}

impl ButtonWidth {
    /// Kakao's narrow artwork is 183 px wide at medium, the wide one 300 px; a pixel width is
    /// never narrower than the narrow artwork.
    fn px(self, size: ButtonSize) -> Option<f64> {
        let narrow = size.height_px() * 183.0 / 45.0;
        match self {
            Self::Narrow => Some(narrow),
            Self::Wide => Some(size.height_px() * 300.0 / 45.0),
            Self::Fill => None,
            Self::Px(px) => Some(f64::from(px).max(narrow)),
        }
    }
}

impl ButtonOptions {
    /// As a page writes them for `renderLoginButton`.
    fn to_js(self) -> JsValue {
        let kind = match self.kind {
            ButtonKind::Login => "login",
            ButtonKind::Sync => "sync",
        };
        let label = match self.label {
            LabelForm::Full => "full",
            LabelForm::Short => "short",
        };
        let size = match self.size {
            ButtonSize::Small => "small",
            ButtonSize::Medium => "medium",
            ButtonSize::Large => "large",
        };
        let width = match self.width {
            ButtonWidth::Narrow => r#""narrow""#.to_owned(),
            ButtonWidth::Wide => r#""wide""#.to_owned(),
            ButtonWidth::Fill => r#""fill""#.to_owned(),
            ButtonWidth::Px(px) => px.to_string(),
        };
        let align = match self.align {
            SymbolAlign::Left => "left",
            SymbolAlign::Center => "center",
        };
        let disabled = self.disabled;
        JSON::parse(&format!(
            r#"{{"kind":"{kind}","label":"{label}","size":"{size}","width":{width},"align":"{align}","disabled":{disabled}}}"#
        ))
        .unwrap()
    }
}

/// A button drawn by `button.js`.
struct LoginButton(HtmlElement);

impl LoginButton {
    /// Draws the button into `parent` as `renderLoginButton` does; clicking calls `activate`.
    fn render(
        parent: &HtmlElement,
        options: &ButtonOptions,
        lang: Lang,
        activate: impl Fn() -> Result<(), JsValue> + 'static,
    ) -> Result<Self, JsValue> {
        let options = read_button_options(&options.to_js())?;
        let activate = Closure::<dyn Fn() -> Result<(), JsValue>>::new(activate).into_js_value();
        let button = draw_button(parent, &options, lang.code(), &activate)?;
        Ok(Self(button.unchecked_into()))
    }

    fn element(&self) -> &HtmlElement {
        &self.0
    }
}

/// The custom elements, with clients made here as the entry makes them once the module is ready.
fn define_custom_elements() {
    let get_client = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(|options| {
        KakaoSync::new(options).map(JsValue::from)
    });
    define_elements(&get_client.into_js_value());
}

async fn wait(ms: u32) {
    JsFuture::from(sleep(ms)).await.unwrap();
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page, 640 px wide so `fill` has something to fill.
fn host() -> HtmlElement {
    let el: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    el.style().set_property("width", "640px").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

fn computed(el: &Element, property: &str) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(el)
        .unwrap()
        .unwrap()
        .get_property_value(property)
        .unwrap()
}

fn px(el: &Element, property: &str) -> f64 {
    let value = computed(el, property);
    value
        .strip_suffix("px")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{property} is {value:?}, not a length"))
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 0.05,
        "{what}: {actual} px, the spec says {expected} px"
    );
}

/// An activation that counts its calls and fails with the error the test gives it, if any.
struct Probe {
    calls: Rc<Cell<u32>>,
    failure: Rc<RefCell<Option<JsValue>>>,
}

impl Probe {
    fn new() -> (Self, impl Fn() -> Result<(), JsValue> + 'static) {
        let calls = Rc::new(Cell::new(0));
        let failure = Rc::new(RefCell::new(None));
        let (c, f) = (calls.clone(), failure.clone());
        let activate = move || {
            c.set(c.get() + 1);
            f.borrow_mut().take().map_or(Ok(()), Err)
        };
        (Self { calls, failure }, activate)
    }

    /// The next activation fails with `err`.
    fn fail_next(&self, err: &JsValue) {
        *self.failure.borrow_mut() = Some(err.clone());
    }
}

/// The button's element as web-sys sees it: the module names its own DOM types.
fn element(button: &LoginButton) -> &HtmlElement {
    button.element().unchecked_ref()
}

fn render(options: ButtonOptions, lang: Lang) -> (HtmlElement, LoginButton, Probe) {
    let host = host();
    let (probe, activate) = Probe::new();
    let button = LoginButton::render(host.unchecked_ref(), &options, lang, activate).unwrap();
    (host, button, probe)
}

fn parts(button: &LoginButton) -> (Element, Element) {
    let el = element(button);
    let symbol = el.query_selector("svg").unwrap().expect("the symbol");
    let label = el.query_selector(".ks-label").unwrap().expect("the label");
    (symbol, label)
}

#[wasm_bindgen_test]
fn button_is_a_real_button_with_the_guides_label_and_an_inline_symbol() {
    let (host, button, _) = render(ButtonOptions::default(), Lang::Ko);
    let el = element(&button);
    assert_eq!(el.tag_name(), "BUTTON");
    assert_eq!(el.get_attribute("type").as_deref(), Some("button"));
    assert_eq!(el.text_content().as_deref(), Some("카카오 로그인"));
    assert_eq!(
        el.get_attribute("aria-label"),
        None,
        "the visible label is the name"
    );
    assert!(
        host.query_selector("img").unwrap().is_none(),
        "no external image"
    );
    let (symbol, _) = parts(&button);
    assert_eq!(symbol.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(symbol.query_selector("path").unwrap().is_some());
    assert_eq!(host.child_element_count(), 1);
}

#[wasm_bindgen_test]
fn every_kind_label_and_language_shows_the_guides_text() {
    for (kind, label, lang, text) in [
        (
            ButtonKind::Login,
            LabelForm::Full,
            Lang::En,
            "Login with Kakao",
        ),
        (ButtonKind::Login, LabelForm::Short, Lang::Ko, "로그인"),
        (
            ButtonKind::Sync,
            LabelForm::Full,
            Lang::Ko,
            "카카오로 시작하기",
        ),
        (ButtonKind::Sync, LabelForm::Short, Lang::En, "Start"),
    ] {
        let options = ButtonOptions {
            kind,
            label,
            ..ButtonOptions::default()
        };
        let (_, button, _) = render(options, lang);
        assert_eq!(element(&button).text_content().as_deref(), Some(text));
    }
}

#[wasm_bindgen_test]
fn a_short_label_keeps_the_full_accessible_name() {
    let options = ButtonOptions {
        kind: ButtonKind::Sync,
        label: LabelForm::Short,
        ..ButtonOptions::default()
    };
    let (_, button, _) = render(options, Lang::En);
    let el = element(&button);
    assert_eq!(el.text_content().as_deref(), Some("Start"));
    assert_eq!(
        el.get_attribute("aria-label").as_deref(),
        Some("Start with Kakao")
    );
}

#[wasm_bindgen_test]
fn computed_colours_are_the_guides() {
    let (_, button, _) = render(ButtonOptions::default(), Lang::Ko);
    let el = element(&button);
    assert_eq!(CONTAINER_COLOR, "#FEE500");
    assert_eq!(computed(el, "background-color"), "rgb(254, 229, 0)");
    let (symbol, label) = parts(&button);
    assert_eq!(computed(&label, "color"), LABEL_COLOR);
    assert_eq!(computed(&symbol, "fill"), "rgb(0, 0, 0)");
    assert_eq!(computed(&symbol, "opacity"), "1");
    assert_eq!(computed(&label, "opacity"), "1");
}

#[wasm_bindgen_test]
fn height_radius_label_and_widths_follow_the_spec_at_every_size() {
    for size in [ButtonSize::Small, ButtonSize::Medium, ButtonSize::Large] {
        for width in [ButtonWidth::Narrow, ButtonWidth::Wide] {
            let options = ButtonOptions {
                size,
                width,
                ..ButtonOptions::default()
            };
            let (_, button, _) = render(options, Lang::Ko);
            let el = element(&button);
            assert_close(px(el, "height"), size.height_px(), "height");
            assert_close(px(el, "width"), width.px(size).unwrap(), "width");
            assert_close(
                px(el, "border-top-left-radius"),
                size.corner_radius_px(),
                "radius",
            );
            assert_close(
                px(el, "border-bottom-right-radius"),
                size.corner_radius_px(),
                "radius",
            );
            let (symbol, label) = parts(&button);
            assert_close(px(&label, "font-size"), size.label_px(), "label size");
            // The symbol is 40 % of the height, as on Kakao's artwork (36 px at 90 px).
            assert_close(px(&symbol, "width"), size.height_px() * 0.4, "symbol");
        }
    }
    assert_eq!(ButtonSize::Large.corner_radius_px(), 12.0);
}

#[wasm_bindgen_test]
fn widening_keeps_the_symbol_and_label_and_grows_the_container() {
    let sizes = |width, align| {
        let options = ButtonOptions {
            width,
            align,
            ..ButtonOptions::default()
        };
        let (_, button, _) = render(options, Lang::En);
        let (symbol, label) = parts(&button);
        let el = element(&button).clone();
        let label: HtmlElement = label.unchecked_into();
        let symbol_box = symbol.get_bounding_client_rect();
        let button_box = el.get_bounding_client_rect();
        (
            el.offset_width(),
            symbol_box.width(),
            label.offset_width(),
            symbol_box.left() - button_box.left(),
            button_box.right() - label.get_bounding_client_rect().right(),
        )
    };
    let narrow = sizes(ButtonWidth::Narrow, SymbolAlign::Left);
    let wide = sizes(ButtonWidth::Wide, SymbolAlign::Left);
    assert_eq!((narrow.0, wide.0), (183, 300));
    assert_eq!(narrow.1, wide.1, "the symbol keeps its size");
    assert_eq!(narrow.2, wide.2, "the label keeps its size");
    assert_close(narrow.3, 45.0 * 29.0 / 90.0, "left-aligned symbol inset");
    assert_close(wide.3, narrow.3, "left-aligned symbol stays at the edge");

    let centred = sizes(ButtonWidth::Wide, SymbolAlign::Center);
    assert!(
        (centred.3 - centred.4).abs() < 1.0,
        "symbol and label are centred together: {} px left, {} px right",
        centred.3,
        centred.4
    );
}

#[wasm_bindgen_test]
fn fill_takes_the_containers_width_and_pixels_are_exact() {
    let fill = ButtonOptions {
        width: ButtonWidth::Fill,
        ..ButtonOptions::default()
    };
    let (_, button, _) = render(fill, Lang::Ko);
    assert_eq!(element(&button).offset_width(), 640);

    let fixed = ButtonOptions {
        width: ButtonWidth::Px(420),
        ..ButtonOptions::default()
    };
    let (_, button, _) = render(fixed, Lang::Ko);
    assert_eq!(element(&button).offset_width(), 420);

    // Too narrow for its content: the button grows rather than clip the label.
    let tiny = ButtonOptions {
        width: ButtonWidth::Px(40),
        ..ButtonOptions::default()
    };
    let (_, button, _) = render(tiny, Lang::En);
    let el = element(&button);
    assert!(el.offset_width() > 40);
    assert!(el.scroll_width() <= el.offset_width(), "nothing overflows");
}

#[wasm_bindgen_test]
fn activation_runs_once_shows_busy_and_reports_failure() {
    let (host, button, probe) = render(ButtonOptions::default(), Lang::Ko);
    let errors = listen(&host, ERROR_EVENT);
    let el = element(&button);
    el.click();
    el.click();
    assert_eq!(probe.calls.get(), 1, "a busy button ignores activation");
    assert_eq!(el.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(el.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(errors.length(), 0);

    // Back from the back/forward cache: the page shows again, and the button is usable.
    let pageshow = web_sys::Event::new("pageshow").unwrap();
    web_sys::window()
        .unwrap()
        .dispatch_event(&pageshow)
        .unwrap();
    assert_eq!(el.get_attribute("aria-busy"), None);
    assert_eq!(el.get_attribute("aria-disabled"), None);

    probe.fail_next(&js_sys::Error::new("storage unavailable").into());
    el.click();
    assert_eq!(probe.calls.get(), 2);
    assert_eq!(
        el.get_attribute("aria-busy"),
        None,
        "not busy after a failure"
    );
    assert_eq!(errors.length(), 1, "the error reaches the page");
    let message = Reflect::get(&errors.get(0), &"message".into()).unwrap();
    assert_eq!(message.as_string().as_deref(), Some("storage unavailable"));
    el.click();
    assert_eq!(probe.calls.get(), 3, "usable again after a failure");
}

#[wasm_bindgen_test]
fn the_button_takes_keyboard_focus_and_shows_a_focus_ring() {
    let (_, button, _) = render(ButtonOptions::default(), Lang::Ko);
    let el = element(&button);
    assert_eq!(el.tab_index(), 0);
    el.focus().unwrap();
    assert_eq!(document().active_element().as_ref(), Some(el.as_ref()));
    // Programmatic focus after no pointer input matches :focus-visible in Chromium.
    assert!(el.matches(":focus-visible").unwrap());
    assert_eq!(computed(el, "outline-style"), "solid");
    assert_close(px(el, "outline-width"), 2.0, "focus ring");
}

#[wasm_bindgen_test]
fn a_disabled_button_does_not_activate() {
    let options = ButtonOptions {
        disabled: true,
        ..ButtonOptions::default()
    };
    let (_, button, probe) = render(options, Lang::Ko);
    let el: &HtmlButtonElement = element(&button).unchecked_ref();
    assert!(el.disabled());
    el.click();
    assert_eq!(probe.calls.get(), 0);
}

#[wasm_bindgen_test]
fn rendering_again_stops_the_previous_component() {
    let (host, old, old_probe) = render(ButtonOptions::default(), Lang::Ko);
    let (probe, activate) = Probe::new();
    let new = LoginButton::render(
        host.unchecked_ref(),
        &ButtonOptions::default(),
        Lang::Ko,
        activate,
    )
    .unwrap();
    assert_eq!(host.child_element_count(), 1);
    element(&old).click();
    assert_eq!(
        old_probe.calls.get(),
        0,
        "the replaced button no longer listens"
    );
    element(&new).click();
    assert_eq!(probe.calls.get(), 1);

    // A panel rendered in its place stops it too.
    let (submit_probe, submit) = SubmitProbe::new();
    TermsPanel::render(host.unchecked_ref(), Lang::Ko, Some(signup_terms()), submit).unwrap();
    element(&new).click();
    assert_eq!(probe.calls.get(), 1);
    assert!(submit_probe.seen.borrow().is_empty());
}

fn term(tag: &str, required: bool, agreed: bool, revocable: bool) -> TermStatus {
    TermStatus {
        tag: tag.into(),
        title: tag.to_uppercase(),
        url: Some(format!("https://app.example/terms/{tag}")),
        required,
        agreed,
        revocable,
        agreed_at: None,
        agreed_by: None,
    }
}

fn signup_terms() -> Vec<TermStatus> {
    vec![
        term("service", true, false, false),
        term("privacy", true, false, false),
        term("marketing", false, false, true),
    ]
}

/// A page's `onSubmit` that records the tags it was given and settles when the test says so.
struct SubmitProbe {
    seen: Rc<RefCell<Vec<Vec<String>>>>,
    settle: Rc<RefCell<Option<(Function, Function)>>>,
}

impl SubmitProbe {
    fn new() -> (Self, Submit) {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let settle = Rc::new(RefCell::new(None));
        let (s, t) = (seen.clone(), settle.clone());
        let on_submit = Closure::<dyn FnMut(Vec<String>) -> Promise>::new(move |tags| {
            s.borrow_mut().push(tags);
            Promise::new(&mut |ok, err| *t.borrow_mut() = Some((ok, err)))
        });
        let on_submit = on_submit.into_js_value().unchecked_into();
        (Self { seen, settle }, Submit::Page(on_submit))
    }

    fn resolve(&self) {
        let (ok, _) = self.settle.borrow_mut().take().expect("a pending submit");
        ok.call0(&JsValue::UNDEFINED).unwrap();
    }

    fn reject(&self, err: &JsValue) {
        let (_, fail) = self.settle.borrow_mut().take().expect("a pending submit");
        fail.call1(&JsValue::UNDEFINED, err).unwrap();
    }
}

struct Panel {
    host: HtmlElement,
    _panel: TermsPanel,
}

impl Panel {
    fn render(lang: Lang, terms: Vec<TermStatus>) -> (Self, SubmitProbe) {
        let host = host();
        let (probe, submit) = SubmitProbe::new();
        let panel = TermsPanel::render(host.unchecked_ref(), lang, Some(terms), submit).unwrap();
        (
            Self {
                host,
                _panel: panel,
            },
            probe,
        )
    }

    fn one(&self, selector: &str) -> Element {
        self.host
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
    }

    fn boxes(&self) -> Vec<HtmlInputElement> {
        let list = self.host.query_selector_all("li input").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into())
            .collect()
    }

    fn all(&self) -> HtmlInputElement {
        self.one(".ks-all input").unchecked_into()
    }

    fn submit(&self) -> HtmlButtonElement {
        self.one("button").unchecked_into()
    }

    fn text(&self, selector: &str) -> String {
        self.one(selector).text_content().unwrap_or_default()
    }
}

#[wasm_bindgen_test]
fn terms_are_listed_with_marks_links_and_labels() {
    let (panel, _) = Panel::render(Lang::Ko, signup_terms());
    let boxes = panel.boxes();
    assert_eq!(boxes.len(), 3);
    assert!(boxes[0].required() && boxes[1].required() && !boxes[2].required());
    let labels = panel.host.query_selector_all("li label").unwrap();
    let first: Element = labels.item(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("for"), Some(boxes[0].id()));
    assert_eq!(first.text_content().as_deref(), Some("필수SERVICE"));
    let third: Element = labels.item(2).unwrap().unchecked_into();
    assert_eq!(third.text_content().as_deref(), Some("선택MARKETING"));

    let link = panel.one("li a");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://app.example/terms/service")
    );
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    // The link's accessible name is "보기" followed by the term's label.
    let names: Vec<String> = link
        .get_attribute("aria-labelledby")
        .unwrap()
        .split(' ')
        .map(|id| {
            panel
                .host
                .query_selector(&format!("#{id}"))
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(names, ["보기", "필수SERVICE"]);
    assert_eq!(panel.text("legend"), "서비스 약관 동의");
    assert_eq!(panel.one("[role=status]").tag_name(), "P");
    assert_eq!(panel.one("[role=alert]").tag_name(), "P");
}

#[wasm_bindgen_test]
fn a_terms_link_is_made_only_from_what_the_browser_reads_as_a_web_url() {
    let cases: [(&str, Option<&str>); 11] = [
        ("https://app.example/t", Some("https://app.example/t")),
        ("/terms/a.html", Some("/terms/a.html")),
        // The browser drops tabs and newlines anywhere in a URL: these are `//evil.example`.
        ("/\t/evil.example/t", None),
        ("/\n/evil.example/t", None),
        ("/\r\n/evil.example/t", None),
        ("//evil.example/t", None),
        ("/\\evil.example/t", None),
        ("javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("ftp://app.example/t", None),
    ];
    let terms = cases
        .iter()
        .enumerate()
        .map(|(i, (url, _))| TermStatus {
            url: Some((*url).to_owned()),
            ..term(&format!("t{i}"), false, false, true)
        })
        .collect();
    let (panel, _) = Panel::render(Lang::En, terms);
    let rows = panel.host.query_selector_all("li").unwrap();
    let links: Vec<Option<String>> = (0..rows.length())
        .map(|i| {
            let row: Element = rows.item(i).unwrap().unchecked_into();
            row.query_selector("a")
                .unwrap()
                .map(|a| a.get_attribute("href").unwrap())
        })
        .collect();
    let expected: Vec<Option<String>> = cases
        .into_iter()
        .map(|(_, href)| href.map(str::to_owned))
        .collect();
    assert_eq!(links, expected);
}

#[wasm_bindgen_test]
fn the_panel_speaks_english() {
    let (panel, _) = Panel::render(Lang::En, signup_terms());
    assert_eq!(panel.text(".ks-all label"), "Agree to all");
    assert_eq!(panel.text("li label"), "RequiredSERVICE");
    assert_eq!(panel.text("li a"), "View");
    assert_eq!(panel.submit().text_content().as_deref(), Some("Agree"));
}

#[wasm_bindgen_test]
fn agree_all_follows_the_individual_boxes() {
    let (panel, _) = Panel::render(Lang::Ko, signup_terms());
    let (boxes, all) = (panel.boxes(), panel.all());
    assert!(!all.checked() && !all.indeterminate());
    boxes[0].click();
    assert!(!all.checked() && all.indeterminate(), "some ticked: mixed");
    boxes[1].click();
    boxes[2].click();
    assert!(all.checked() && !all.indeterminate());
    boxes[2].click();
    assert!(all.indeterminate());

    all.click();
    assert!(
        boxes.iter().all(|b| b.checked()),
        "agree-all ticks every box"
    );
    assert!(all.checked());
    all.click();
    assert!(boxes.iter().all(|b| !b.checked()), "and unticks them");
}

#[wasm_bindgen_test]
fn submit_is_enabled_only_when_every_required_term_is_ticked() {
    let (panel, _) = Panel::render(Lang::Ko, signup_terms());
    let (boxes, submit) = (panel.boxes(), panel.submit());
    let hint = panel.one(".ks-hint");
    assert!(submit.disabled());
    assert_eq!(submit.get_attribute("aria-describedby"), Some(hint.id()));
    assert!(!hint.has_attribute("hidden"), "the hint says why");
    boxes[0].click();
    boxes[2].click();
    assert!(submit.disabled(), "one required term is still unticked");
    boxes[1].click();
    assert!(!submit.disabled());
    assert!(hint.has_attribute("hidden"));
    boxes[0].click();
    assert!(submit.disabled());
}

#[wasm_bindgen_test]
async fn submitting_hands_over_the_ticked_tags_and_shows_progress() {
    let (panel, probe) = Panel::render(Lang::En, signup_terms());
    let boxes = panel.boxes();
    boxes[0].click();
    boxes[1].click();
    panel.submit().click();
    assert_eq!(*probe.seen.borrow(), [vec!["service", "privacy"]]);
    let submit = panel.submit();
    assert!(submit.disabled());
    assert_eq!(submit.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(
        boxes.iter().all(|b| b.disabled()),
        "no changes while saving"
    );
    assert_eq!(panel.text("[role=status]"), "Saving…");

    probe.resolve();
    wait(0).await;
    assert_eq!(panel.text("[role=status]"), "Saved.");
    assert_eq!(submit.get_attribute("aria-busy"), None);
    assert_eq!(submit.text_content().as_deref(), Some("Save"));
    assert!(submit.disabled(), "nothing left to save");
    boxes[2].click();
    assert!(!submit.disabled());
}

#[wasm_bindgen_test]
async fn a_failed_submit_is_announced_and_can_be_retried() {
    let (panel, probe) = Panel::render(Lang::Ko, signup_terms());
    panel.all().click();
    panel.submit().click();
    probe.reject(&js_sys::Error::new("backend unreachable").into());
    wait(0).await;
    assert_eq!(
        panel.text("[role=alert]"),
        "저장하지 못했습니다: backend unreachable"
    );
    assert_eq!(panel.text("[role=status]"), "");
    assert!(
        !panel.submit().disabled(),
        "the same choice can be sent again"
    );
    panel.submit().click();
    assert_eq!(probe.seen.borrow().len(), 2);
}

#[wasm_bindgen_test]
fn agreed_terms_are_managed_revocable_ones_can_be_withdrawn() {
    let (panel, _) = Panel::render(
        Lang::Ko,
        vec![
            term("service", true, true, false),
            term("marketing", false, true, true),
        ],
    );
    let (boxes, submit) = (panel.boxes(), panel.submit());
    assert!(boxes[0].checked() && boxes[0].disabled(), "not revocable");
    assert!(boxes[1].checked() && !boxes[1].disabled());
    assert_eq!(submit.text_content().as_deref(), Some("저장하기"));
    assert!(submit.disabled(), "nothing changed");
    boxes[1].click();
    assert!(!submit.disabled());
    assert!(panel.all().indeterminate());
}

#[wasm_bindgen_test]
fn only_web_links_become_links() {
    let mut terms = signup_terms();
    terms[0].url = Some("javascript:alert(1)".into());
    terms[1].url = Some("/terms/privacy".into());
    terms[2].url = None;
    // Protocol-relative (`//host`, and `/\host`, which browsers read the same way) leaves the site.
    terms.push(TermStatus {
        url: Some("//evil.example/terms".into()),
        ..term("partner", false, false, true)
    });
    terms.push(TermStatus {
        url: Some("/\\evil.example/terms".into()),
        ..term("ads", false, false, true)
    });
    let (panel, _) = Panel::render(Lang::Ko, terms);
    let links = panel.host.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1);
    let link: Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/terms/privacy")
    );
}

#[wasm_bindgen_test]
fn titles_and_urls_from_the_backend_stay_text() {
    let mut terms = signup_terms();
    terms[0].title = r#"<img src=x onerror="alert(1)">&'"#.into();
    terms[0].url = Some(r#"https://app.example/t?a=1&b="><script>x</script>"#.into());
    let (panel, _) = Panel::render(Lang::En, terms);
    assert!(panel.host.query_selector("img, script").unwrap().is_none());
    assert_eq!(
        panel.text("li label span:last-child"),
        r#"<img src=x onerror="alert(1)">&'"#
    );
    assert_eq!(
        panel.one("li a").get_attribute("href").as_deref(),
        Some(r#"https://app.example/t?a=1&b="><script>x</script>"#)
    );
    assert_eq!(panel.boxes().len(), 3);
}

const REDIRECT_URI: &str = "https://app.example/auth/kakao";
/// Nothing listens on the discard port: the backend is unreachable, fast.
const DEAD_BACKEND: &str = "http://127.0.0.1:9/api/kakao";

fn client(lang: &str) -> KakaoSync {
    let options = JSON::parse(&format!(
        r#"{{"clientId":"rest-key","redirectUri":"{REDIRECT_URI}","backendUrl":"{DEAD_BACKEND}","lang":"{lang}"}}"#
    ))
    .unwrap();
    KakaoSync::new(options).unwrap()
}

fn code_of(err: &JsValue) -> String {
    Reflect::get(err, &"code".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
fn render_login_button_reads_its_options_and_the_clients_language() {
    let el = host();
    let options = JSON::parse(r#"{"kind":"sync","size":"large","width":"wide"}"#).unwrap();
    client("en")
        .render_login_button(el.unchecked_ref(), options)
        .unwrap();
    let button = el.query_selector("button").unwrap().unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Start with Kakao"));
    assert_close(px(&button, "height"), 90.0, "large");
    assert_close(px(&button, "width"), 600.0, "wide");

    // Rendering again replaces the button.
    let options = JSON::parse(
        r#"{"label":"short","lang":"ko","width":260,"align":"center","disabled":false}"#,
    )
    .unwrap();
    client("en")
        .render_login_button(el.unchecked_ref(), options)
        .unwrap();
    assert_eq!(el.child_element_count(), 1);
    let button = el.query_selector("button").unwrap().unwrap();
    assert_eq!(button.text_content().as_deref(), Some("로그인"));
    assert_close(px(&button, "width"), 260.0, "pixel width");
}

/// Waits until `seen` has an entry, for at most a second.
async fn arrived(seen: &Array) {
    for _ in 0..50 {
        if seen.length() > 0 {
            return;
        }
        wait(20).await;
    }
    panic!("nothing arrived");
}

/// The first entry of `seen`, a string, once it has arrived.
async fn first(seen: &Array) -> String {
    arrived(seen).await;
    seen.get(0).as_string().unwrap()
}

#[wasm_bindgen_test]
async fn activating_the_button_starts_the_login() {
    let navigations = capture_navigations();
    let el = host();
    client("ko")
        .render_login_button(el.unchecked_ref(), JsValue::UNDEFINED)
        .unwrap();
    let button: HtmlElement = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    let url = first(&navigations).await;
    assert!(
        url.starts_with("https://kauth.kakao.com/oauth/authorize?"),
        "{url}"
    );
    assert!(url.contains("client_id=rest-key") && url.contains("code_challenge_method=S256"));
    assert_eq!(
        button.get_attribute("aria-busy").as_deref(),
        Some("true"),
        "busy while the page navigates away"
    );
}

#[wasm_bindgen_test]
fn render_login_button_rejects_unknown_options() {
    let el = host();
    for bad in [
        r#"{"colour":"blue"}"#,
        r#"{"size":"huge"}"#,
        r#"{"width":-3}"#,
    ] {
        let err = client("ko")
            .render_login_button(el.unchecked_ref(), JSON::parse(bad).unwrap())
            .unwrap_err();
        assert_eq!(code_of(&err), "invalid_config", "{bad}");
    }
}

/// Awaits a promise the module returns.
async fn resolve(p: impl Into<JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(Promise::from(p.into())).await
}

#[wasm_bindgen_test]
async fn render_terms_consent_hands_the_tags_to_on_submit() {
    let el = host();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    let on_submit = Closure::<dyn Fn(Vec<String>)>::new(move |tags| s.borrow_mut().push(tags));
    let options = js_sys::Object::new();
    let terms = serde_wasm_bindgen::to_value(&signup_terms()).unwrap();
    Reflect::set(&options, &"terms".into(), &terms).unwrap();
    Reflect::set(&options, &"onSubmit".into(), on_submit.as_ref()).unwrap();
    let drawn = client("en").render_terms_consent(el.unchecked_ref(), options.into());
    resolve(drawn).await.unwrap();

    let all: HtmlInputElement = el
        .query_selector(".ks-all input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    all.click();
    let submit: HtmlButtonElement = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    submit.click();
    wait(0).await;
    assert_eq!(*seen.borrow(), [vec!["service", "privacy", "marketing"]]);
    let status = el.query_selector("[role=status]").unwrap().unwrap();
    assert_eq!(status.text_content().as_deref(), Some("Saved."));
}

#[wasm_bindgen_test]
async fn render_terms_consent_rejects_a_non_function_on_submit() {
    let options = JSON::parse(r#"{"terms":[],"onSubmit":"save"}"#).unwrap();
    let drawn = client("ko").render_terms_consent(host().unchecked_ref(), options);
    let err = resolve(drawn).await.unwrap_err();
    assert_eq!(code_of(&err), "invalid_config");
}

/// Puts `html` in a fresh container and lets the custom elements upgrade and render.
async fn custom(html: &str) -> HtmlElement {
    define_custom_elements();
    define_custom_elements(); // a second call is harmless
    let el = host();
    el.set_inner_html(html);
    wait(0).await;
    el.first_element_child().unwrap().unchecked_into()
}

#[wasm_bindgen_test]
async fn kakao_login_button_is_built_from_its_attributes() {
    let el = custom(&format!(
        r#"<kakao-login-button client-id="rest-key" redirect-uri="{REDIRECT_URI}" kind="sync" lang="en" size="large" width="wide" align="center"></kakao-login-button>"#
    ))
    .await;
    let root = el.shadow_root().expect("an open shadow root");
    let first_button: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let button = first_button.clone();
    assert_eq!(button.text_content().as_deref(), Some("Start with Kakao"));
    assert_eq!(button.class_name(), "ks-btn ks-l ks-wide ks-center");
    assert_eq!(computed(&button, "background-color"), "rgb(254, 229, 0)");
    assert_close(px(&button, "height"), 90.0, "height");
    // The host takes the button's box: nothing around it, so it never draws wider than it.
    assert_close(px(&el, "height"), 90.0, "host height");
    assert_eq!(el.offset_width(), 600, "host width");
    assert!(
        el.query_selector("button").unwrap().is_none(),
        "the button lives in the shadow root"
    );

    el.set_attribute("label", "short").unwrap();
    wait(0).await;
    let button: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().as_deref(), Some("Start"));
    assert_eq!(root.query_selector_all("button").unwrap().length(), 1);

    let navigations = capture_navigations();
    first_button.click();
    wait(20).await;
    assert_eq!(
        navigations.length(),
        0,
        "the replaced button no longer listens"
    );
    // The button on the page now: once its module has loaded after the first frame, the element
    // draws it again through `renderLoginButton`.
    let button: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    let url = first(&navigations).await;
    assert!(url.contains("client_id=rest-key"), "{url}");
    assert!(url.contains(&format!(
        "redirect_uri={}",
        js_sys::encode_uri_component(REDIRECT_URI)
    )));
}

#[wasm_bindgen_test]
async fn a_custom_element_leaving_the_page_stops_listening() {
    let el = custom(&format!(
        r#"<kakao-login-button client-id="rest-key" redirect-uri="{REDIRECT_URI}"></kakao-login-button>"#
    ))
    .await;
    let button: HtmlElement = el
        .shadow_root()
        .unwrap()
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    el.remove();
    let navigations = capture_navigations();
    button.click();
    wait(20).await;
    assert_eq!(navigations.length(), 0);
    assert_eq!(button.get_attribute("aria-busy"), None);
}

#[wasm_bindgen_test]
async fn a_bad_attribute_is_reported_on_the_element() {
    define_custom_elements();
    let el = host();
    let errors = listen(&el, ERROR_EVENT);
    el.set_inner_html(&format!(
        r#"<kakao-login-button client-id="rest-key" redirect-uri="{REDIRECT_URI}" size="huge"></kakao-login-button>"#
    ));
    wait(0).await;
    assert_eq!(errors.length(), 1);
    assert_eq!(code_of(&errors.get(0)), "invalid_config");

    let errors = listen(&el, ERROR_EVENT);
    el.set_inner_html("<kakao-login-button></kakao-login-button>");
    // The client's options are read when its module loads, after the button's first frame.
    arrived(&errors).await;
    assert_eq!(
        errors.length(),
        1,
        "client-id and redirect-uri are required"
    );
}

#[wasm_bindgen_test]
async fn kakao_terms_consent_loads_the_terms_and_shows_why_it_cannot() {
    let el = custom(&format!(
        r#"<kakao-terms-consent client-id="rest-key" redirect-uri="{REDIRECT_URI}" backend-url="{DEAD_BACKEND}" lang="en"></kakao-terms-consent>"#
    ))
    .await;
    let root = el.shadow_root().unwrap();
    let alert = root.query_selector("[role=alert]").unwrap().unwrap();
    let status = root.query_selector("[role=status]").unwrap().unwrap();
    if alert.text_content().unwrap_or_default().is_empty() {
        assert_eq!(status.text_content().as_deref(), Some("Loading the terms…"));
    }
    for _ in 0..100 {
        if !alert.text_content().unwrap_or_default().is_empty() {
            break;
        }
        wait(20).await;
    }
    assert!(
        !alert.text_content().unwrap_or_default().is_empty(),
        "the unreachable backend is reported"
    );
    assert_eq!(status.text_content().as_deref(), Some(""));
    let submit: HtmlButtonElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(submit.disabled());
}
