//! The service-terms consent panel: one checkbox per term with its required/optional mark and a
//! link to the full text, an "agree to all" box that follows them, and a submit button enabled
//! only once every required term is ticked.
//! [Kakao Sync development guide](https://developers.kakao.com/docs/latest/ko/kakaosync/develop).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Promise};
use kakao_sync_wire::api::TermStatus;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlInputElement, Node};

use super::dom::{self, set_flag};
use super::html::{escape, fill};
use super::listener::Listener;
use crate::browser::get;
use crate::core::Lang;
use crate::core::terms::{AgreeAll, TermsConsent, TermsText};
use crate::core::text::{concat, decimal};
use crate::js::client::read_terms;

/// What submitting does with the panel's state: a promise of the member's consent afterwards
/// (`TermStatus[]`, shown as the new state), or of `undefined` when the ticked boxes were saved
/// as they are.
pub type Submit = Rc<dyn Fn(&TermsConsent) -> Promise>;

thread_local! {
    /// Ids must be unique in a document; panels outside a shadow root share one.
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// The panel around the list: legend, "agree to all", hint, status and alert regions, and the
/// submit button, which the hint describes. `$`: see [`fill`].
const FORM: &str = r#"<form class="ks-terms" novalidate><fieldset><legend>$</legend><div class="ks-row ks-all"><input type="checkbox" id="$-all"><label for="$-all">$</label></div><ul></ul></fieldset><p class="ks-hint" id="$-hint">$</p><p class="ks-status" role="status"></p><p class="ks-error" role="alert"></p><button class="ks-submit" type="submit" aria-describedby="$-hint"></button></form>"#;

/// One term: its box (required or not), its label with the required/optional mark, and the
/// link to its full text.
const ROW: &str = r#"<li class="ks-row"><input type="checkbox" id="$"$><label for="$" id="$-l"><span class="ks-mark$">$</span><span>$</span></label>$</li>"#;

/// "View, [Required] Terms of service": the link names the term it opens.
const LINK: &str = r#"<a href="$" target="_blank" rel="noopener noreferrer" id="$-v" aria-labelledby="$-v $-l">$</a>"#;

struct Parts {
    prefix: String,
    text: &'static TermsText,
    list: Element,
    all: HtmlInputElement,
    boxes: Vec<HtmlInputElement>,
    hint: Element,
    status: Element,
    error: Element,
    submit: Element,
}

struct Inner {
    state: RefCell<Option<TermsConsent>>,
    parts: RefCell<Parts>,
    busy: Cell<bool>,
    submit: Submit,
}

/// A rendered consent panel. Dropping it removes its listeners; the elements stay in the page.
pub struct TermsPanel {
    inner: Rc<Inner>,
    _listener: Listener,
}

impl TermsPanel {
    /// Replaces the content of `parent` with the panel. `terms: None` shows a loading message
    /// until [`TermsPanel::load`] brings them.
    pub fn render(
        parent: &Node,
        lang: Lang,
        terms: Option<Vec<TermStatus>>,
        submit: Submit,
    ) -> Result<Self, JsValue> {
        let text = TermsText::of(lang);
        let id = NEXT_ID.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        let prefix = concat(&["ks", &decimal(id)]);
        let p = prefix.as_str();
        let html = fill(
            FORM,
            &[text.legend, p, p, text.agree_all, p, text.required_hint, p],
        );
        let form = dom::render(parent, &html)?;
        let inner = Rc::new(Inner {
            state: RefCell::new(None),
            parts: RefCell::new(Parts {
                text,
                list: dom::find(&form, "ul"),
                all: dom::find(&form, "input").unchecked_into(),
                boxes: Vec::new(),
                hint: dom::find(&form, ".ks-hint"),
                status: dom::find(&form, "[role=status]"),
                error: dom::find(&form, "[role=alert]"),
                submit: dom::find(&form, "button"),
                prefix,
            }),
            busy: Cell::new(false),
            submit,
        });
        match terms {
            Some(terms) => inner.show(terms),
            None => {
                inner.message(text.loading, false);
                inner.sync();
            }
        }
        let this = Rc::clone(&inner);
        let target = form.clone();
        // A submit event targets the form; a change event, the box that changed.
        let listener = Listener::new(&form, &["change", "submit"], move |e| match e.target() {
            Some(t) if t == **target => {
                e.prevent_default();
                this.submitted();
            }
            Some(t) => this.changed(t.unchecked_ref()),
            None => {}
        });
        Ok(Self {
            inner,
            _listener: listener,
        })
    }

    /// Shows the terms `terms` resolves to (`TermStatus[]`), or the error it rejects with.
    pub fn load(&self, terms: Promise) {
        self.inner.wait(&terms, false);
    }
}

impl Inner {
    /// Rebuilds the list for `terms` and makes them the state.
    fn show(&self, terms: Vec<TermStatus>) {
        let state = TermsConsent::new(terms);
        let mut parts = self.parts.borrow_mut();
        let text = parts.text;
        let mut html = String::new();
        for (i, term) in state.terms().iter().enumerate() {
            let id = concat(&[&parts.prefix, "-", &decimal(i as u64)]);
            let id = id.as_str();
            let link = match term.url.as_deref().filter(|u| is_web_url(u)) {
                Some(url) => fill(LINK, &[&escape(url), id, id, id, text.view]),
                None => String::new(),
            };
            let (required, class, mark) = match term.required {
                true => (" required", " ks-req", text.required),
                false => ("", "", text.optional),
            };
            let title = escape(&term.title);
            html.push_str(&fill(
                ROW,
                &[id, required, id, id, class, mark, &title, &link],
            ));
        }
        dom::set_html(&parts.list, &html);
        parts.boxes = dom::all(&parts.list, "input")
            .iter()
            .map(JsCast::unchecked_into)
            .collect();
        let label = if state.manages_consent() {
            text.save
        } else {
            text.agree
        };
        dom::set_text(&parts.submit, label);
        drop(parts);
        *self.state.borrow_mut() = Some(state);
        self.message("", false);
        self.sync();
    }

    /// Shows the boxes, "agree to all", the submit button and the hint as the state says.
    fn sync(&self) {
        let state = self.state.borrow();
        let parts = self.parts.borrow();
        let busy = self.busy.get();
        let Some(state) = state.as_ref() else {
            set_flag(&parts.all, "disabled", true);
            set_flag(&parts.submit, "disabled", true);
            return;
        };
        for (i, b) in parts.boxes.iter().enumerate() {
            b.set_checked(state.is_checked(i));
            set_flag(b, "disabled", busy || state.is_locked(i));
        }
        let all = state.agree_all();
        set_flag(&parts.all, "disabled", busy || state.terms().is_empty());
        parts.all.set_checked(all == AgreeAll::All);
        parts.all.set_indeterminate(all == AgreeAll::Some);
        set_flag(&parts.submit, "disabled", busy || !state.can_submit());
        set_flag(&parts.submit, "aria-busy", busy);
        set_flag(&parts.hint, "hidden", state.required_met());
    }

    fn changed(&self, input: &HtmlInputElement) {
        {
            let mut state = self.state.borrow_mut();
            let Some(state) = state.as_mut() else { return };
            let parts = self.parts.borrow();
            if *input == parts.all {
                state.set_all(input.checked());
            } else if let Some(i) = parts.boxes.iter().position(|b| b == input) {
                state.set(i, input.checked());
            }
        }
        self.message("", false);
        self.sync();
    }

    fn submitted(self: &Rc<Self>) {
        let run = {
            let state = self.state.borrow();
            match state.as_ref() {
                Some(state) if !self.busy.get() && state.can_submit() => (self.submit)(state),
                _ => return,
            }
        };
        self.busy.set(true);
        self.message(self.parts.borrow().text.saving, false);
        self.sync();
        self.wait(&run, true);
    }

    /// Waits for terms being loaded or saved, then shows the outcome.
    fn wait(self: &Rc<Self>, work: &Promise, saving: bool) {
        let this = Rc::clone(self);
        let done = Closure::once_into_js(move |outcome: JsValue| {
            this.finish(outcome, saving);
            Ok::<_, JsValue>(JsValue::UNDEFINED)
        });
        dom::settle(work, done);
    }

    /// Shows the outcome of loading or saving: the terms it resolved to, the ticked boxes as
    /// saved (`undefined`), or the error (`{error}`).
    fn finish(&self, outcome: JsValue, saving: bool) {
        self.busy.set(false);
        let text = self.parts.borrow().text;
        let terms = if outcome.is_undefined() {
            Ok(None)
        } else if Array::is_array(&outcome) {
            read_terms(outcome).map(Some).map_err(JsValue::from)
        } else {
            Err(get(&outcome, "error"))
        };
        match terms {
            Ok(Some(terms)) => {
                self.show(terms);
                if saving {
                    self.message(text.saved, false);
                }
            }
            Ok(None) => {
                if let Some(state) = self.state.borrow_mut().as_mut() {
                    state.commit();
                }
                dom::set_text(&self.parts.borrow().submit, text.save);
                self.message(text.saved, false);
            }
            Err(err) => {
                let mut message = String::new();
                if saving {
                    message.push_str(text.failed);
                }
                message.push_str(&error_text(&err));
                self.message(&message, true);
            }
        }
        self.sync();
    }

    /// Puts `text` in the polite status region, or in the alert region when it is an error.
    fn message(&self, text: &str, is_error: bool) {
        let parts = self.parts.borrow();
        let (show, clear) = if is_error {
            (&parts.error, &parts.status)
        } else {
            (&parts.status, &parts.error)
        };
        dom::set_text(show, text);
        dom::set_text(clear, "");
    }
}

/// Terms URLs come from the backend's catalogue; only http(s) and same-site paths become links,
/// so a `javascript:` URL can never run in the page.
fn is_web_url(url: &str) -> bool {
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    scheme.starts_with("https://") || scheme.starts_with("http://") || url.starts_with('/')
}

/// The message of a JS `Error` (a `KakaoSyncError` included), or the value as text.
fn error_text(err: &JsValue) -> String {
    get(err, "message")
        .as_string()
        .or_else(|| err.as_string())
        .unwrap_or_default()
}
