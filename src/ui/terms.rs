//! The service-terms consent panel: one checkbox per term with its required/optional mark and a
//! link to the full text, an "agree to all" box that follows them, and a submit button enabled
//! only once every required term is ticked.
//! [Kakao Sync development guide](https://developers.kakao.com/docs/latest/ko/kakaosync/develop).

use crate::prelude::*;
use ::core::cell::{Cell, RefCell};
use ::core::future::Future;
use ::core::pin::Pin;
use alloc::rc::{Rc, Weak};

use kakao_sync_wire::api::TermStatus;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, Event, HtmlInputElement, Node};

use super::dom::{self, set_flag};
use super::listener::Listener;
use super::style;
use crate::core::Lang;
use crate::core::terms::{AgreeAll, TermsConsent, TermsText};

/// What submitting does with the panel's state. `Ok(Some(terms))`: Kakao's consent after the
/// change, shown as the new state; `Ok(None)`: the ticked boxes were saved as they are.
pub type Submit = Rc<
    dyn Fn(
        &TermsConsent,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Vec<TermStatus>>, JsValue>>>>,
>;

page_local! {
    /// Ids must be unique in a document; panels outside a shadow root share one.
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

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
    _change: Listener,
    _submit: Listener,
}

/// A weak handle on a panel: it updates the panel while it exists, and does nothing once it has
/// been dropped (e.g. when the terms arrive after the element left the page).
pub struct TermsHandle(Weak<Inner>);

impl TermsPanel {
    /// Replaces the content of `parent` with the panel. `terms: None` shows a loading message
    /// until [`TermsHandle::set_terms`].
    pub fn render(
        parent: &Node,
        lang: Lang,
        terms: Option<Vec<TermStatus>>,
        submit: Submit,
    ) -> Result<Self, JsValue> {
        style::adopt(&parent.get_root_node())?;
        let text = TermsText::of(lang);
        let prefix = NEXT_ID.with(|n| {
            n.set(n.get() + 1);
            "ks".to_string() + &n.get().to_string()
        });
        let doc = dom::document_of(parent);
        let form = dom::element(&doc, "form", "ks-terms", "");
        dom::attr(&form, "novalidate", "");
        let fieldset = dom::child(&form, "fieldset", "", "");
        dom::child(&fieldset, "legend", "", text.legend);
        let all_row = dom::child(&fieldset, "div", "ks-row ks-all", "");
        let all_id = prefix.clone() + "-all";
        let all = checkbox(&all_row, &all_id);
        label(&all_row, &all_id, text.agree_all);
        let list = dom::child(&fieldset, "ul", "", "");
        let hint_id = prefix.clone() + "-hint";
        let hint = dom::child(&form, "p", "ks-hint", text.required_hint);
        dom::attr(&hint, "id", &hint_id);
        let status = dom::child(&form, "p", "ks-status", "");
        dom::attr(&status, "role", "status");
        let error = dom::child(&form, "p", "ks-error", "");
        dom::attr(&error, "role", "alert");
        let submit_el = dom::child(&form, "button", "ks-submit", text.agree);
        dom::attr(&submit_el, "type", "submit");
        dom::attr(&submit_el, "aria-describedby", &hint_id);
        dom::replace_content(parent, &form);

        let inner = Rc::new(Inner {
            state: RefCell::new(None),
            parts: RefCell::new(Parts {
                prefix,
                text,
                list,
                all,
                boxes: Vec::new(),
                hint,
                status,
                error,
                submit: submit_el,
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
        let on_change = Rc::clone(&inner);
        let change = Listener::new(&form, "change", move |e| on_change.changed(&e));
        let on_submit = Rc::clone(&inner);
        let submit = Listener::new(&form, "submit", move |e| {
            e.prevent_default();
            Inner::submitted(&on_submit);
        });
        Ok(Self {
            inner,
            _change: change,
            _submit: submit,
        })
    }

    pub fn handle(&self) -> TermsHandle {
        TermsHandle(Rc::downgrade(&self.inner))
    }
}

impl TermsHandle {
    /// Shows `terms`, replacing the loading message or the previous list.
    pub fn set_terms(&self, terms: Vec<TermStatus>) {
        if let Some(inner) = self.0.upgrade() {
            inner.show(terms);
        }
    }

    /// Shows an error (a `KakaoSyncError`, or any JS value) in the panel's alert region.
    pub fn show_error(&self, err: &JsValue) {
        if let Some(inner) = self.0.upgrade() {
            inner.message(&error_text(err), true);
        }
    }
}

impl Inner {
    /// Rebuilds the list for `terms` and makes them the state.
    fn show(&self, terms: Vec<TermStatus>) {
        let state = TermsConsent::new(terms);
        let mut parts = self.parts.borrow_mut();
        parts.list.set_text_content(None);
        let mut boxes = Vec::with_capacity(state.terms().len());
        for (i, term) in state.terms().iter().enumerate() {
            let id = parts.prefix.clone() + "-" + &i.to_string();
            let row = dom::child(&parts.list, "li", "ks-row", "");
            let input = checkbox(&row, &id);
            set_flag(&input, "required", term.required);
            let label = label(&row, &id, "");
            let label_id = id.clone() + "-l";
            dom::attr(&label, "id", &label_id);
            let (mark_class, mark) = if term.required {
                ("ks-mark ks-req", parts.text.required)
            } else {
                ("ks-mark", parts.text.optional)
            };
            dom::child(&label, "span", mark_class, mark);
            dom::child(&label, "span", "", &term.title);
            if let Some(url) = term.url.as_deref().filter(|u| is_web_url(u)) {
                let link = dom::child(&row, "a", "", parts.text.view);
                let link_id = id + "-v";
                dom::attr(&link, "href", url);
                dom::attr(&link, "target", "_blank");
                dom::attr(&link, "rel", "noopener noreferrer");
                dom::attr(&link, "id", &link_id);
                // "View, [Required] Terms of service": the link names the term it opens.
                dom::attr(&link, "aria-labelledby", &(link_id + " " + &label_id));
            }
            boxes.push(input);
        }
        parts.boxes = boxes;
        let text = parts.text;
        parts
            .submit
            .set_text_content(Some(if state.manages_consent() {
                text.save
            } else {
                text.agree
            }));
        drop(parts);
        *self.state.borrow_mut() = Some(state);
        self.message("", false);
        self.sync();
    }

    /// Shows the boxes, "agree to all", the submit button and the hint as the state says.
    fn sync(&self) {
        let state = self.state.borrow();
        let parts = self.parts.borrow();
        let Some(state) = state.as_ref() else {
            set_flag(&parts.all, "disabled", true);
            set_flag(&parts.submit, "disabled", true);
            return;
        };
        let busy = self.busy.get();
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

    fn changed(&self, event: &Event) {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        {
            let mut state = self.state.borrow_mut();
            let Some(state) = state.as_mut() else { return };
            let parts = self.parts.borrow();
            if input == parts.all {
                state.set_all(input.checked());
            } else if let Some(i) = parts.boxes.iter().position(|b| *b == input) {
                state.set(i, input.checked());
            }
        }
        self.message("", false);
        self.sync();
    }

    fn submitted(this: &Rc<Self>) {
        let run = {
            let state = this.state.borrow();
            match state.as_ref() {
                Some(state) if !this.busy.get() && state.can_submit() => (this.submit)(state),
                _ => return,
            }
        };
        this.busy.set(true);
        this.message(this.parts.borrow().text.saving, false);
        this.sync();
        let this = Rc::clone(this);
        spawn_local(async move {
            let outcome = run.await;
            this.busy.set(false);
            let text = this.parts.borrow().text;
            match outcome {
                Ok(Some(terms)) => {
                    this.show(terms);
                    this.message(text.saved, false);
                }
                Ok(None) => {
                    if let Some(state) = this.state.borrow_mut().as_mut() {
                        state.commit();
                    }
                    this.parts.borrow().submit.set_text_content(Some(text.save));
                    this.message(text.saved, false);
                }
                Err(err) => {
                    let message = text.failed.to_string() + &error_text(&err);
                    this.message(&message, true);
                }
            }
            this.sync();
        });
    }

    /// Puts `text` in the polite status region, or in the alert region when it is an error.
    fn message(&self, text: &str, is_error: bool) {
        let parts = self.parts.borrow();
        let (show, clear) = if is_error {
            (&parts.error, &parts.status)
        } else {
            (&parts.status, &parts.error)
        };
        show.set_text_content(Some(text));
        clear.set_text_content(None);
    }
}

fn checkbox(row: &Element, id: &str) -> HtmlInputElement {
    let input = dom::child(row, "input", "", "");
    dom::attr(&input, "type", "checkbox");
    dom::attr(&input, "id", id);
    input.unchecked_into()
}

fn label(row: &Element, id: &str, text: &str) -> Element {
    let label = dom::child(row, "label", "", text);
    dom::attr(&label, "for", id);
    label
}

/// Terms URLs come from the backend's catalogue; only http(s) and same-site paths become links,
/// so a `javascript:` URL can never run in the page.
fn is_web_url(url: &str) -> bool {
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    scheme.starts_with("https://") || scheme.starts_with("http://") || url.starts_with('/')
}

/// The message of a JS `Error` (a `KakaoSyncError` included), or the value as text.
fn error_text(err: &JsValue) -> String {
    match err.dyn_ref::<js_sys::Error>() {
        Some(e) => e.message().into(),
        None => err.as_string().unwrap_or_default(),
    }
}
