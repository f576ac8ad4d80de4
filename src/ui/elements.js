// `<kakao-login-button>` and `<kakao-terms-consent>`: the custom elements, built from HTML
// attributes and defined without WebAssembly. The button is drawn from its attributes at once
// (button.js), so it paints as early as the page's own markup, and the module loads after that
// frame; a click before the module is ready is queued and starts the login once it is (exactly
// once). The terms panel renders when the module is ready. The entry hands `defineElements` the
// way to get a client.

import { readButtonOptions, renderButton } from "./button.js";
import { adopt, report, unmount } from "./dom.js";

/** The attributes every custom element reads into `new KakaoSync(...)`'s options. */
const CLIENT_ATTRIBUTES = ["client-id", "redirect-uri", "backend-url", "authorize-endpoint", "lang"];
/** The same, for options that are lists: space- or comma-separated. */
const LIST_ATTRIBUTES = ["scope", "service-terms", "channel-public-ids"];
/** `<kakao-login-button>`'s own options (besides `disabled`, a boolean attribute). */
const BUTTON_ATTRIBUTES = ["kind", "label", "size", "width", "align"];
/** The language of a client whose options name none (`core::Lang`'s default). */
const DEFAULT_LANG = "ko";

/**
 * Each element's own box once defined, in its shadow root; kakao-sync.css gives the same box
 * before the element is defined, so nothing moves when it is.
 */
const HOST_CSS = {
  "kakao-login-button": ":host{display:inline-block;vertical-align:middle;max-width:100%}:host([width=fill]){display:block}",
  "kakao-terms-consent": ":host{display:block}",
};

/** Elements with a render queued for the next microtask. */
const pending = new WeakSet();
/** Per element, its latest drawing: a client that arrives for an earlier one is not used. */
const drawings = new WeakMap();
/** Buttons clicked before their module was ready: the button drawn once it is gets the click. */
const queued = new WeakSet();

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

/** Reports `error` on the element, and in the console: no caller is there to catch it. */
function fail(el, error) {
  console.error(error);
  report(el, error);
}

/**
 * Draws the button from the attributes now, and once `client` (a promise) gives the element its
 * `KakaoSync`, draws it again through `renderLoginButton` (the same button, which logs in), with
 * the focus and a queued click carried over. If the client fails, the error is reported and the
 * button drawn again, usable: its next click asks for a client again.
 */
function drawButton(el, root, clientOptions, getClient, isCurrent) {
  const attributes = readAttributes(el, BUTTON_ATTRIBUTES, false, { disabled: el.hasAttribute("disabled") });
  const options = readButtonOptions({ ...attributes, lang: el.getAttribute("lang") ?? undefined });
  let loading;
  const load = () => {
    loading ??= getClient(clientOptions)
      .then((kakao) => {
        if (!isCurrent()) return;
        const focused = root.activeElement !== null;
        kakao.renderLoginButton(root, attributes);
        const button = root.querySelector("button");
        if (focused) button.focus();
        if (queued.delete(el)) button.click();
      })
      .catch((error) => {
        if (!isCurrent()) return;
        loading = undefined;
        queued.delete(el);
        draw();
        fail(el, error);
      });
  };
  const draw = () =>
    renderButton(root, options, options.lang ?? DEFAULT_LANG, () => {
      queued.add(el);
      load();
    });
  draw();
  // The module loads after the frame that shows the button, so its fetch and compilation do not
  // hold that frame back; a click before then loads it at once.
  afterPaint(() => isCurrent() && load());
}

/** Calls `f` once the next frame is painted. */
function afterPaint(f) {
  requestAnimationFrame(() => setTimeout(f));
}

/** Renders the terms panel once the client is there. */
function drawTerms(el, root, clientOptions, getClient, isCurrent) {
  getClient(clientOptions)
    .then((kakao) => isCurrent() && kakao.renderTermsConsent(root))
    .catch((error) => isCurrent() && fail(el, error));
}

/**
 * Defines `<kakao-login-button>` and `<kakao-terms-consent>` (once per page; a second call does
 * nothing). `getClient(options)` gives (a promise of) the `KakaoSync` for `options`, the
 * elements' attributes in `new KakaoSync(options)`'s spelling; it may wait for the module.
 *
 * An element draws in a microtask after its last attribute arrives (the parser reports them one
 * by one), again whenever one changes, and stops when it leaves the page. A bad attribute is
 * reported as a `kakao-sync-error` event from the element, and in the console.
 */
export function defineElements(getClient) {
  const clientFor = async (options) => getClient(options);
  const define = (name, ownAttributes, draw) => {
    if (customElements.get(name)) return;
    customElements.define(
      name,
      class extends HTMLElement {
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
          drawings.delete(this);
          queued.delete(this);
          unmount(this.shadowRoot);
        }
        render() {
          if (pending.has(this)) return;
          pending.add(this);
          queueMicrotask(() => {
            pending.delete(this);
            if (!this.isConnected) return;
            const drawing = {};
            drawings.set(this, drawing);
            const isCurrent = () => drawings.get(this) === drawing;
            const root = this.shadowRoot || this.attachShadow({ mode: "open" });
            adopt(root, HOST_CSS[name]);
            try {
              const client = readAttributes(this, CLIENT_ATTRIBUTES, false, {});
              readAttributes(this, LIST_ATTRIBUTES, true, client);
              draw(this, root, client, clientFor, isCurrent);
            } catch (error) {
              fail(this, error);
            }
          });
        }
      },
    );
  };
  define("kakao-login-button", [...BUTTON_ATTRIBUTES, "disabled"], drawButton);
  define("kakao-terms-consent", [], drawTerms);
}
