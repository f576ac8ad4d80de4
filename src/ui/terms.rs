//! The service-terms consent panel: one checkbox per term with its required/optional mark and a
//! link to the full text, an "agree to all" box that follows them, and a submit button enabled
//! only once every required term is ticked.
//! [Kakao Sync development guide](https://developers.kakao.com/docs/latest/ko/kakaosync/develop).

use crate::browser;
use crate::prelude::*;
use ::core::cell::Cell;
use alloc::rc::Rc;

use crate::browser::builtins::{Array, Function, Promise};
use crate::ui::dom::{Element, Node};
use kakao_sync_wire::api::TermStatus;
use wasm_bindgen::prelude::*;

use super::dom;
use super::html::fill;
use crate::browser::backend::{Client, read_terms};
use crate::browser::get;
use crate::core::Lang;
use crate::core::terms::{AgreeAll, Changes, TermsConsent, TermsText};
use crate::core::text::{concat, decimal};

// The panel's own DOM calls; the plumbing every component shares is `dom`'s.
#[wasm_bindgen(module = "/src/ui/terms.js")]
extern "C" {
    /// Replaces the content of the first element under `root` matching `selector` (which the
    /// caller's own markup contains) with `html`, as [`dom::render`] does.
    #[wasm_bindgen(js_name = setHtml)]
    fn set_html(root: &Element, selector: &str, html: &str);
    /// Whether a link from `el`'s document to `url` stays on the web as the browser's own URL
    /// parser reads it: an absolute http(s) URL, or one on the document's origin. Only that
    /// parser's reading counts: it drops tabs and newlines anywhere, so `/\t/host` is `//host`,
    /// another site.
    #[wasm_bindgen(js_name = isWebUrl)]
    fn is_web_url(el: &Element, url: &str) -> bool;
    /// Sets the text of the first element under `root` matching `selector`.
    #[wasm_bindgen(js_name = setText)]
    fn set_text(root: &Element, selector: &str, text: &str);
    /// Calls `on_toggle({index, checked})` when the form's input `index` (0: "agree to all")
    /// is ticked or unticked, and `on_submit()` when the form is submitted, until something else
    /// is rendered in its place. Both are [`callback`](crate::browser::callback)s.
    #[wasm_bindgen(js_name = watchForm)]
    fn watch_form(form: &Element, on_toggle: &JsValue, on_submit: &JsValue);
    /// Shows the state of the form's input `index` (0: "agree to all"): ticked, disabled, and
    /// `indeterminate` (the "agree to all" box when only some terms are ticked).
    #[wasm_bindgen(js_name = setInput)]
    fn set_input(form: &Element, index: u32, checked: bool, disabled: bool, indeterminate: bool);
    /// Shows the state of the form's submit button (disabled; busy, announced with
    /// `aria-busy`) and of its hint about the required terms.
    #[wasm_bindgen(js_name = setSubmit)]
    fn set_submit(form: &Element, disabled: bool, busy: bool, hint_hidden: bool);
    /// `promise.then(next)`.
    #[wasm_bindgen(js_name = andThen)]
    fn and_then(promise: &Promise, next: &JsValue) -> Promise;
    /// Calls a page's `f(arg)`: a promise of `undefined` once what it returns settles, rejected
    /// if it throws or its promise rejects.
    fn call(f: &Function, arg: &JsValue) -> Promise;
}

/// What submitting the panel does. An enum rather than a callback: calling a boxed callback
/// takes an indirect call with the signature of core's formatting functions, which would then
/// all stay in the download.
pub enum Submit {
    /// Hands the ticked tags to a page's `onSubmit(tags)` and waits for what it returns; the
    /// ticked boxes are then the member's consent.
    Page(Function),
    /// Saves through Kakao: agrees to the newly ticked terms, then revokes the unticked ones;
    /// Kakao's answer is the new consent.
    Kakao(Kakao),
}

/// The `KakaoSync` client a panel saves through.
pub struct Kakao(pub(crate) Rc<Client>);

impl Submit {
    /// A promise of the member's consent after saving (`TermStatus[]`), or of `undefined` when
    /// the ticked boxes were saved as they are.
    fn save(&self, state: &TermsConsent) -> Promise {
        match self {
            Submit::Page(on_submit) => {
                let tags = Array::new();
                for tag in state.checked_tags() {
                    tags.push(&tag.into());
                }
                call(on_submit, &tags)
            }
            Submit::Kakao(Kakao(client)) => {
                let Changes { agree, mut revoke } = state.changes();
                if revoke.is_empty() {
                    return client.agree_service_terms(agree);
                }
                if agree.is_empty() {
                    return client.revoke_service_terms(revoke);
                }
                let agreed = client.agree_service_terms(agree);
                let client = Rc::clone(client);
                let next = browser::callback(Box::new(move |_| {
                    let tags = ::core::mem::take(&mut revoke);
                    Ok(client.revoke_service_terms(tags).into())
                }));
                and_then(&agreed, &next)
            }
        }
    }
}

/// The panel's stylesheet.
const CSS: &str = include_str!("terms.css");

page_local! {
    /// Ids must be unique in a document; panels outside a shadow root share one.
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// The panel around the list: legend, "agree to all", hint, status and alert regions, and the
/// submit button, which the hint describes. `$`: see [`fill`].
const FORM: &str = r#"<form class="ks-terms" novalidate><fieldset><legend>$</legend><div class="ks-row ks-all"><input type="checkbox" id="$-all"><label for="$-all">$</label></div><ul></ul></fieldset><p class="ks-hint" id="$-hint">$</p><p class="ks-status" role="status"></p><p class="ks-error" role="alert"></p><button class="ks-submit" type="submit" aria-describedby="$-hint"></button></form>"#;

/// One term: its box (required or not), its label with the required/optional mark, and the
/// link to its full text.
const ROW: &str = r#"<li class="ks-row"><input type="checkbox" id="$"$><label for="$" id="$-l"><span class="ks-mark$">$</span><span>$</span></label>"#;

/// "View, [Required] Terms of service": the link names the term it opens.
const LINK: &str = r#"<a href="$" target="_blank" rel="noopener noreferrer" id="$-v" aria-labelledby="$-v $-l">$</a>"#;

struct Inner {
    form: Element,
    /// Unique in the document: the prefix of every id in the panel.
    prefix: String,
    text: &'static TermsText,
    /// Taken out while in use: see [`Inner::with_state`].
    state: Cell<Option<TermsConsent>>,
    busy: Cell<bool>,
    submit: Submit,
}

/// A rendered consent panel. It works until something else is rendered into its parent.
pub struct TermsPanel {
    inner: Rc<Inner>,
}

impl TermsPanel {
    /// Replaces the content of `parent` with the panel; the component rendered there before
    /// stops working. `terms: None` shows a loading message until [`TermsPanel::load`] brings
    /// them.
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
        let mut html = String::new();
        fill(
            &mut html,
            FORM,
            &[text.legend, p, p, text.agree_all, p, text.required_hint, p],
        );
        let form = dom::render(parent, &html, CSS)?;
        let inner = Rc::new(Inner {
            form,
            prefix,
            text,
            state: Cell::new(None),
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
        let on_toggle = browser::callback(Box::new(move |event| {
            let index = get(&event, "index").as_f64();
            if let (Some(index), Some(checked)) = (index, get(&event, "checked").as_bool()) {
                this.changed(index as usize, checked);
            }
            Ok(JsValue::UNDEFINED)
        }));
        let this = Rc::clone(&inner);
        let on_submit = browser::callback(Box::new(move |_| {
            this.submitted();
            Ok(JsValue::UNDEFINED)
        }));
        watch_form(&inner.form, &on_toggle, &on_submit);
        Ok(Self { inner })
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
        let text = self.text;
        let mut html = String::new();
        for (i, term) in state.terms().iter().enumerate() {
            let id = concat(&[&self.prefix, "-", &decimal(i as u64)]);
            let id = id.as_str();
            let (required, class, mark) = match term.required {
                true => (" required", " ks-req", text.required),
                false => ("", "", text.optional),
            };
            let row = [id, required, id, id, class, mark, &term.title];
            fill(&mut html, ROW, &row);
            // Terms URLs come from the backend's catalogue: only web URLs become links, so a
            // `javascript:` URL never runs in the page.
            if let Some(url) = term.url.as_deref().filter(|u| is_web_url(&self.form, u)) {
                fill(&mut html, LINK, &[url, id, id, id, text.view]);
            }
            html.push_str("</li>");
        }
        set_html(&self.form, "ul", &html);
        let label = if state.manages_consent() {
            text.save
        } else {
            text.agree
        };
        set_text(&self.form, "button", label);
        self.state.set(Some(state));
        self.message("", false);
        self.sync();
    }

    /// Shows the boxes, "agree to all", the submit button and the hint as the state says.
    fn sync(&self) {
        let form = &self.form;
        let busy = self.busy.get();
        let shown = self.with_state(|state| {
            let all = state.agree_all();
            let nothing_to_tick = state.terms().is_empty();
            let all_checked = all == AgreeAll::All;
            let some_checked = all == AgreeAll::Some;
            set_input(form, 0, all_checked, busy || nothing_to_tick, some_checked);
            for (i, input) in (0..state.terms().len()).zip(1..) {
                let disabled = busy || state.is_locked(i);
                set_input(form, input, state.is_checked(i), disabled, false);
            }
            let can_submit = !busy && state.can_submit();
            set_submit(form, !can_submit, busy, state.required_met());
        });
        if shown.is_none() {
            // Loading: nothing to tick or submit yet.
            set_input(form, 0, false, true, false);
            set_submit(form, true, false, false);
        }
    }

    /// Input `i` was ticked or unticked: 0 is "agree to all", then one per term.
    fn changed(&self, i: usize, checked: bool) {
        let changed = self.with_state(|state| match i.checked_sub(1) {
            None => state.set_all(checked),
            Some(term) => state.set(term, checked),
        });
        if changed.is_none() {
            return;
        }
        self.message("", false);
        self.sync();
    }

    fn submitted(self: &Rc<Self>) {
        let run = self.with_state(|state| {
            (!self.busy.get() && state.can_submit()).then(|| self.submit.save(state))
        });
        let Some(Some(run)) = run else { return };
        self.busy.set(true);
        self.message(self.text.saving, false);
        self.sync();
        self.wait(&run, true);
    }

    /// Waits for terms being loaded or saved, then shows the outcome.
    fn wait(self: &Rc<Self>, work: &Promise, saving: bool) {
        let this = Rc::clone(self);
        let done = browser::callback(Box::new(move |outcome| {
            this.finish(outcome, saving);
            Ok(JsValue::UNDEFINED)
        }));
        dom::settle(work, &done);
    }

    /// Shows the outcome of loading or saving: the terms it resolved to, the ticked boxes as
    /// saved (`undefined`), or the error (`{error}`).
    fn finish(&self, outcome: JsValue, saving: bool) {
        self.busy.set(false);
        let text = self.text;
        let terms = if outcome.is_undefined() {
            Ok(None)
        } else if Array::is_array(&outcome) {
            read_terms(&outcome).map(Some).map_err(JsValue::from)
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
                self.with_state(TermsConsent::commit);
                set_text(&self.form, "button", text.save);
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

    /// Runs `f` on the state, if there is one yet. The state is taken out meanwhile (a `Cell`:
    /// a `RefCell`'s borrow checks would bring panic formatting into the download), so a call
    /// that re-enters the panel from inside `f` (a page's `onSubmit`) finds none and does
    /// nothing.
    fn with_state<R>(&self, f: impl FnOnce(&mut TermsConsent) -> R) -> Option<R> {
        let mut state = self.state.take()?;
        let result = f(&mut state);
        self.state.set(Some(state));
        Some(result)
    }

    /// Puts `text` in the polite status region, or in the alert region when it is an error.
    fn message(&self, text: &str, is_error: bool) {
        let (status, alert) = if is_error { ("", text) } else { (text, "") };
        set_text(&self.form, "[role=status]", status);
        set_text(&self.form, "[role=alert]", alert);
    }
}

/// The message of a JS `Error` (a `KakaoSyncError` included), or the value as text.
fn error_text(err: &JsValue) -> String {
    get(err, "message")
        .as_string()
        .or_else(|| err.as_string())
        .unwrap_or_default()
}
