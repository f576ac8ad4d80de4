// The UI's DOM plumbing; dom.rs documents each function and why it lives here.

let sheet, policy;
const mounted = new WeakMap();
const trusted = (html) => globalThis.trustedTypes
  ? (policy ||= trustedTypes.createPolicy("kakao-sync", { createHTML: (html) => html })).createHTML(html)
  : html;

function adopt(node, css) {
  if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(css);
  const root = node.getRootNode(), target = root.adoptedStyleSheets ? root : node.ownerDocument, sheets = target.adoptedStyleSheets;
  if (!sheets.includes(sheet)) target.adoptedStyleSheets = [...sheets, sheet];
  if (root.host) adopt(root.host, css);
}

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

function listen(el, target, types, f) {
  const previous = mounted.get(el.parentNode);
  for (const type of types) target.addEventListener(type, f);
  mounted.set(el.parentNode, () => {
    previous?.();
    for (const type of types) target.removeEventListener(type, f);
  });
}

const flag = (el, name, on) => on ? el.setAttribute(name, "true") : el.removeAttribute(name);
const fail = (el, type, error) => el.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: error }));

export function button(el, px, activate, type) {
  const busy = (on) => { flag(el, "aria-busy", on); flag(el, "aria-disabled", on); };
  if (px) el.style.setProperty("--ks-w", px + "px");
  listen(el, el, ["click"], () => {
    if (el.hasAttribute("aria-busy")) return;
    busy(true);
    try { activate(); } catch (error) { busy(false); fail(el, type, error); }
  });
  listen(el, window, ["pageshow"], () => busy(false));
}

export const form = (form, handle) => listen(form, form, ["change", "submit"], (e) => {
  if (e.type == "submit") return e.preventDefault(), handle(-1);
  const i = [...form.querySelectorAll("input")].indexOf(e.target);
  if (i >= 0) handle(2 * i + e.target.checked);
});

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

export const setHtml = (root, selector, html) => { root.querySelector(selector).innerHTML = trusted(html); };
export const setText = (root, selector, text) => { root.querySelector(selector).textContent = text; };
export const settle = (promise, done) => promise.then(done, (error) => done({ error }));
export const then = (promise, next) => promise.then(next);
export const call = (f, arg) => new Promise((resolve) => resolve(f(arg))).then(() => {});

const CLIENT = ["client-id", "redirect-uri", "backend-url", "authorize-endpoint", "lang"];
const LISTS = ["scope", "service-terms", "channel-public-ids"];
const BUTTON = ["kind", "label", "size", "width", "align"];
const pending = new WeakSet();

function read(el, names, list, into) {
  for (const name of names) {
    const value = el.getAttribute(name);
    if (value != null) into[name.replace(/-(.)/g, (_, c) => c.toUpperCase())] = list ? value.split(/[ ,]+/).filter(Boolean) : value;
  }
  return into;
}

export function defineElements(update, type) {
  const define = (name, attributes, button) => customElements.get(name) || customElements.define(name, class extends HTMLElement {
    static get observedAttributes() { return [...CLIENT, ...LISTS, ...attributes]; }
    connectedCallback() { this.render(); }
    attributeChangedCallback() { if (this.isConnected) this.render(); }
    disconnectedCallback() { unmount(this.shadowRoot); }
    render() {
      if (pending.has(this)) return;
      pending.add(this);
      queueMicrotask(() => {
        pending.delete(this);
        if (this.isConnected) try {
          update({
            root: this.shadowRoot || this.attachShadow({ mode: "open" }),
            client: read(this, LISTS, true, read(this, CLIENT, false, {})),
            button: button && read(this, BUTTON, false, { disabled: this.hasAttribute("disabled") }),
          });
        } catch (error) {
          console.error(error);
          fail(this, type, error);
        }
      });
    }
  });
  define("kakao-login-button", [...BUTTON, "disabled"], true);
  define("kakao-terms-consent", []);
}

export function isWebUrl(el, url) {
  const page = new URL(el.ownerDocument.baseURI);
  let href;
  try { href = new URL(url, page); } catch { return false; }
  const web = href.protocol === "http:" || href.protocol === "https:";
  return web && (URL.canParse(url) || href.origin === page.origin);
}
