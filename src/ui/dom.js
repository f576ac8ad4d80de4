// DOM plumbing that is smaller here than through web-sys glue; what to render is Rust's call.
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

export function render(parent, html, css) {
  adopt(parent, css);
  parent.innerHTML = html;
  return parent.firstElementChild;
}

export const all = (root, selector) => [...root.querySelectorAll(selector)];
export const setWidth = (el, px) => el.style.setProperty("--ks-w", px + "px");
export const settle = (promise, done) => promise.then(done, (error) => done({ error }));
export const then = (promise, next) => promise.then(next);
export const call = (f, arg) => new Promise((resolve) => resolve(f(arg))).then(() => {});

// Custom elements need a class extending HTMLElement, which Rust cannot declare. Their
// attributes become the option objects of `new KakaoSync()` and `renderLoginButton()`.
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

export function defineElements(update) {
  const define = (name, attributes, button) => customElements.get(name) || customElements.define(name, class extends HTMLElement {
    static get observedAttributes() { return [...CLIENT, ...LISTS, ...attributes]; }
    connectedCallback() { this.render(); }
    attributeChangedCallback() { if (this.isConnected) this.render(); }
    disconnectedCallback() { update(this); }
    // The parser reports every attribute separately: render once, after the last one.
    render() {
      if (pending.has(this)) return;
      pending.add(this);
      queueMicrotask(() => {
        pending.delete(this);
        if (this.isConnected) update(this, this.shadowRoot || this.attachShadow({ mode: "open" }),
          read(this, LISTS, true, read(this, CLIENT, false, {})),
          button && read(this, BUTTON, false, { disabled: this.hasAttribute("disabled") }));
      });
    }
  });
  define("kakao-login-button", [...BUTTON, "disabled"], true);
  define("kakao-terms-consent", []);
}
