// The UI's DOM plumbing: what the Rust components (src/ui/*.rs) cannot do cheaply themselves,
// and what the JS ones (button.js, elements.js) and each component's own DOM calls (terms.js,
// talk-wait.js) share with them. dom.rs documents each export the Rust components use beside
// its Rust import; the package ships this file minified (scripts/pkg.mjs), so comments here
// cost nothing.

/**
 * The event a component dispatches when something fails with no caller to throw to (a button's
 * login, a custom element's attributes); `detail` is the `KakaoSyncError`. It bubbles, and
 * leaves shadow roots.
 */
export const ERROR_EVENT = "kakao-sync-error";

/** Per stylesheet text, its constructable stylesheet, shared by every document and shadow root it is adopted into. */
const sheets = new Map();
/** The Trusted Types policy, created on first use where the page enforces Trusted Types. */
let policy;
/** Per parent (element or shadow root): how to remove the listeners of what is rendered there. */
const mounted = new WeakMap();

/** `html` as the page's Trusted Types policy lets it into `innerHTML`. */
export function trusted(html) {
  if (!globalThis.trustedTypes) return html;
  policy ||= trustedTypes.createPolicy("kakao-sync", { createHTML: (markup) => markup });
  return policy.createHTML(html);
}

/** Adopts the stylesheet `css` into `node`'s shadow root or document. */
export function adopt(node, css) {
  if (!sheets.has(css)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  const sheet = sheets.get(css);
  const root = node.getRootNode();
  const target = root.adoptedStyleSheets ? root : node.ownerDocument;
  const adopted = target.adoptedStyleSheets;
  if (!adopted.includes(sheet)) target.adoptedStyleSheets = [...adopted, sheet];
}

/** Stops the component rendered into `parent`, if any. */
export function unmount(parent) {
  mounted.get(parent)?.();
  mounted.delete(parent);
}

/** Replaces the content of `parent` with `html`, `css` adopted where it applies; returns its first element. */
export function render(parent, html, css) {
  adopt(parent, css);
  unmount(parent);
  parent.innerHTML = trusted(html);
  return parent.firstElementChild;
}

/** Listens to `types` on `target` until the component `el` belongs to is unmounted. */
export function listen(el, target, types, listener) {
  const parent = el.parentNode;
  const previous = mounted.get(parent);
  for (const type of types) target.addEventListener(type, listener);
  mounted.set(parent, () => {
    previous?.();
    for (const type of types) target.removeEventListener(type, listener);
  });
}

/** Sets the ARIA state `name` to "true", or removes it. */
export function setAria(el, name, on) {
  if (on) el.setAttribute(name, "true");
  else el.removeAttribute(name);
}

/** Reports `error` from `el` as an `ERROR_EVENT`. */
export function report(el, error) {
  el.dispatchEvent(new CustomEvent(ERROR_EVENT, { bubbles: true, composed: true, detail: error }));
}

export function settle(promise, done) {
  promise.then(done, (error) => done({ error }));
}
