// The UI's DOM plumbing: what the Rust components (src/ui/*.rs) cannot do cheaply themselves.
// dom.rs documents each export beside its Rust import; the package ships this file minified
// (scripts/pkg.mjs), so comments here cost nothing.

/** The one constructable stylesheet, shared by every document and shadow root it is adopted into. */
let sheet;
/** The Trusted Types policy, created on first use where the page enforces Trusted Types. */
let policy;
/** Per parent (element or shadow root): how to remove the listeners of what is rendered there. */
const mounted = new WeakMap();

/** `html` as the page's Trusted Types policy lets it into `innerHTML`. */
function trusted(html) {
  if (!globalThis.trustedTypes) return html;
  policy ||= trustedTypes.createPolicy("kakao-sync", { createHTML: (markup) => markup });
  return policy.createHTML(html);
}

/** Adopts the stylesheet into `node`'s shadow root or document, then into each shadow host's. */
function adopt(node, css) {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  const root = node.getRootNode();
  const target = root.adoptedStyleSheets ? root : node.ownerDocument;
  const sheets = target.adoptedStyleSheets;
  if (!sheets.includes(sheet)) target.adoptedStyleSheets = [...sheets, sheet];
  if (root.host) adopt(root.host, css);
}

/** Stops the component rendered into `parent`, if any. */
function unmount(parent) {
  mounted.get(parent)?.();
  mounted.delete(parent);
}

export function render(parent, html, css) {
  adopt(parent, css);
  unmount(parent);
  parent.innerHTML = trusted(html);
  return parent.firstElementChild;
}

/** Listens to `types` on `target` until the component `el` belongs to is unmounted. */
function listen(el, target, types, listener) {
  const parent = el.parentNode;
  const previous = mounted.get(parent);
  for (const type of types) target.addEventListener(type, listener);
  mounted.set(parent, () => {
    previous?.();
    for (const type of types) target.removeEventListener(type, listener);
  });
}

/** Sets the ARIA state `name` to "true", or removes it. */
function setAria(el, name, on) {
  if (on) el.setAttribute(name, "true");
  else el.removeAttribute(name);
}

/** Reports `error` as a bubbling event of `type` that leaves shadow roots. */
export function report(el, type, error) {
  el.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: error }));
}

export function button(el, px, activate, errorEvent) {
  const setBusy = (busy) => {
    setAria(el, "aria-busy", busy);
    setAria(el, "aria-disabled", busy);
  };
  if (px) el.style.setProperty("--ks-w", px + "px");
  listen(el, el, ["click"], () => {
    if (el.hasAttribute("aria-busy")) return;
    setBusy(true);
    try {
      activate();
    } catch (error) {
      setBusy(false);
      report(el, errorEvent, error);
    }
  });
  // Back from the back/forward cache after the login navigated away: usable again.
  listen(el, window, ["pageshow"], () => setBusy(false));
}

export function form(form, onToggle, onSubmit) {
  listen(form, form, ["change", "submit"], (event) => {
    if (event.type === "submit") {
      event.preventDefault();
      onSubmit();
      return;
    }
    const i = [...form.querySelectorAll("input")].indexOf(event.target);
    if (i >= 0) onToggle({ index: i, checked: event.target.checked });
  });
}

export function setInput(form, i, checked, disabled, indeterminate) {
  const input = form.querySelectorAll("input")[i];
  input.checked = checked;
  input.disabled = disabled;
  input.indeterminate = indeterminate;
}

export function setSubmit(form, disabled, busy, hintHidden) {
  const submit = form.querySelector("button");
  submit.disabled = disabled;
  setAria(submit, "aria-busy", busy);
  form.querySelector(".ks-hint").hidden = hintHidden;
}

export function setHtml(root, selector, html) {
  root.querySelector(selector).innerHTML = trusted(html);
}

export function setText(root, selector, text) {
  root.querySelector(selector).textContent = text;
}

export function settle(promise, done) {
  promise.then(done, (error) => done({ error }));
}

export function then(promise, next) {
  return promise.then(next);
}

export function call(f, arg) {
  return new Promise((resolve) => resolve(f(arg))).then(() => {});
}

/** The attributes every custom element reads into `new KakaoSync(...)`'s options. */
const CLIENT_ATTRIBUTES = ["client-id", "redirect-uri", "backend-url", "authorize-endpoint", "lang"];
/** The same, for options that are lists: space- or comma-separated. */
const LIST_ATTRIBUTES = ["scope", "service-terms", "channel-public-ids"];
/** `<kakao-login-button>`'s own options (besides `disabled`, a boolean attribute). */
const BUTTON_ATTRIBUTES = ["kind", "label", "size", "width", "align"];
/** Elements with a render queued for the next microtask. */
const pending = new WeakSet();

/** `client-id` is `clientId`. */
const camelCase = (name) => name.replace(/-(.)/g, (_, letter) => letter.toUpperCase());

/** Copies the attributes `names` that `el` has into `into`, camelCased (split when `list`). */
function readAttributes(el, names, list, into) {
  for (const name of names) {
    const value = el.getAttribute(name);
    if (value == null) continue;
    into[camelCase(name)] = list ? value.split(/[ ,]+/).filter(Boolean) : value;
  }
  return into;
}

export function defineElements(update, errorEvent) {
  const define = (name, ownAttributes, isButton) => {
    if (customElements.get(name)) return;
    customElements.define(name, class extends HTMLElement {
      static get observedAttributes() {
        return [...CLIENT_ATTRIBUTES, ...LIST_ATTRIBUTES, ...ownAttributes];
      }
      connectedCallback() {
        this.render();
      }
      attributeChangedCallback() {
        if (this.isConnected) this.render();
      }
      disconnectedCallback() {
        unmount(this.shadowRoot);
      }
      render() {
        if (pending.has(this)) return;
        pending.add(this);
        queueMicrotask(() => {
          pending.delete(this);
          if (!this.isConnected) return;
          try {
            const client = readAttributes(this, CLIENT_ATTRIBUTES, false, {});
            readAttributes(this, LIST_ATTRIBUTES, true, client);
            const button = isButton
              ? readAttributes(this, BUTTON_ATTRIBUTES, false, { disabled: this.hasAttribute("disabled") })
              : undefined;
            update({ root: this.shadowRoot || this.attachShadow({ mode: "open" }), client, button });
          } catch (error) {
            console.error(error);
            report(this, errorEvent, error);
          }
        });
      }
    });
  };
  define("kakao-login-button", [...BUTTON_ATTRIBUTES, "disabled"], true);
  define("kakao-terms-consent", [], false);
}

export function isWebUrl(el, url) {
  const page = new URL(el.ownerDocument.baseURI);
  let href;
  try {
    href = new URL(url, page);
  } catch {
    return false;
  }
  const web = href.protocol === "http:" || href.protocol === "https:";
  return web && (URL.canParse(url) || href.origin === page.origin);
}

export function waitPanel(panel, cancel, otherWay) {
  listen(panel, panel, ["click"], (event) => {
    const action = event.target.closest("[data-ks]")?.dataset.ks;
    if (action === "cancel") cancel();
    if (action === "other") otherWay();
  });
}
