// The UI's DOM plumbing: parsing markup, listeners, attributes. A few lines here are far smaller
// than the same calls through web-sys glue; what to render and every state is decided in Rust.
// Nothing runs at import time (safe during server-side rendering).

let sheet;

// A constructable stylesheet, which a strict CSP allows, unlike <style> or style="". It goes
// where `node` is and, up through each shadow host, where the custom elements' box rules apply.
function adopt(node, css) {
  if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(css);
  const root = node.getRootNode();
  const target = root.adoptedStyleSheets ? root : node.ownerDocument;
  const sheets = target.adoptedStyleSheets;
  // A new array: the page may hold, or have frozen, the current one.
  if (!sheets.includes(sheet)) target.adoptedStyleSheets = [...sheets, sheet];
  if (root.host) adopt(root.host, css);
}

// What stops the component rendered into each element or shadow root: rendering there again,
// or the custom element leaving the page, stops the previous one, and its Rust callbacks are
// garbage once nothing holds them.
const mounted = new WeakMap();
function unmount(parent) {
  mounted.get(parent)?.();
  mounted.delete(parent);
}

export function render(parent, html, css) {
  adopt(parent, css);
  unmount(parent);
  parent.innerHTML = html;
  return parent.firstElementChild;
}

export const set = (root, selector, key, value) => { root.querySelector(selector)[key] = value; };

const flag = (el, name, on) => on ? el.setAttribute(name, "true") : el.removeAttribute(name);

const fail = (el, type, error) => el.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: error }));

// Adds `f` to `target` for each event type until the component rendered as `el` is stopped.
function listen(el, target, types, f) {
  for (const type of types) target.addEventListener(type, f);
  const previous = mounted.get(el.parentNode);
  mounted.set(el.parentNode, () => {
    previous?.();
    for (const type of types) target.removeEventListener(type, f);
  });
}

// The login button: busy from activation until `activate` throws (reported as a `type` event)
// or the page comes back from the back/forward cache; busy is announced (aria-busy) and blocks
// activation (aria-disabled) while keeping focus, which `disabled` would drop.
export function button(el, px, activate, type) {
  if (px) el.style.setProperty("--ks-w", px + "px");
  const busy = (on) => { flag(el, "aria-busy", on); flag(el, "aria-disabled", on); };
  listen(el, el, ["click"], () => {
    if (el.hasAttribute("aria-busy")) return;
    busy(true);
    try { activate(); } catch (error) { busy(false); fail(el, type, error); }
  });
  listen(el, window, ["pageshow"], () => busy(false));
}

// The consent form: `handle(-1)` on submit, `handle(2 * i + checked)` when input i (0: agree
// to all) changes.
export const form = (form, handle) => listen(form, form, ["change", "submit"], (e) => {
  if (e.type == "submit") return e.preventDefault(), handle(-1);
  const i = [...form.querySelectorAll("input")].indexOf(e.target);
  if (i >= 0) handle(2 * i + e.target.checked);
});

// The form's state, one byte per input (1 checked, 2 disabled, 4 mixed), then one for the
// submit button (2 disabled, 8 busy) and the hint (16 hidden).
export function show(form, flags) {
  const inputs = form.querySelectorAll("input"), last = flags[inputs.length], submit = form.querySelector("button");
  inputs.forEach((input, i) => {
    input.checked = flags[i] & 1;
    input.disabled = flags[i] & 2;
    input.indeterminate = flags[i] & 4;
  });
  submit.disabled = last & 2;
  flag(submit, "aria-busy", last & 8);
  form.querySelector(".ks-hint").hidden = last & 16;
}

export const settle = (promise, done) => promise.then(done, (error) => done({ error }));
export const then = (promise, next) => promise.then(next);
export const call = (f, arg) => new Promise((resolve) => resolve(f(arg))).then(() => {});

// Custom elements need a class extending HTMLElement, which Rust cannot declare. `update` gets
// {root, client, button} to (re)build one, with its attributes as the options of
// `new KakaoSync()` and `renderLoginButton()`.
const CLIENT = ["client-id", "redirect-uri", "backend-url", "authorize-endpoint", "lang"];
const LISTS = ["scope", "service-terms", "channel-public-ids"];
const BUTTON = ["kind", "label", "size", "width", "align"];

function read(el, names, list, into) {
  for (const name of names) {
    const value = el.getAttribute(name);
    if (value !== null) into[name.replace(/-(.)/g, (_, c) => c.toUpperCase())] = list ? value.split(/[ ,]+/).filter(Boolean) : value;
  }
  return into;
}

const pending = new WeakSet();

export function defineElements(update, type) {
  const define = (name, attributes, button) => customElements.get(name) || customElements.define(name, class extends HTMLElement {
    static get observedAttributes() { return [...CLIENT, ...LISTS, ...attributes]; }
    connectedCallback() { this.render(); }
    attributeChangedCallback() { if (this.isConnected) this.render(); }
    disconnectedCallback() { unmount(this.shadowRoot); }
    // The parser reports every attribute separately: render once, after the last one.
    render() {
      if (pending.has(this)) return;
      pending.add(this);
      queueMicrotask(() => {
        pending.delete(this);
        if (!this.isConnected) return;
        try {
          update({
            root: this.shadowRoot || this.attachShadow({ mode: "open" }),
            client: read(this, LISTS, true, read(this, CLIENT, false, {})),
            button: button && read(this, BUTTON, false, { disabled: this.hasAttribute("disabled") }),
          });
        } catch (error) {
          // No caller is there to catch it.
          console.error(error);
          fail(this, type, error);
        }
      });
    }
  });
  define("kakao-login-button", [...BUTTON, "disabled"], true);
  define("kakao-terms-consent", []);
}
