// kakao-sync/share's calls into the page: Kakao's JavaScript SDK, loaded once, and the
// <kakao-share-button> and <kakao-channel-button> elements. Rust checks every template and URL;
// this file only loads, calls and draws. The package ships it minified (scripts/pkg.mjs).

/** The SDK's one load for the page: pending or done; `undefined` before it and after a failure. */
let loading;

function loadSdk(url, integrity) {
  if (globalThis.Kakao?.Share) return Promise.resolve(globalThis.Kakao);
  loading ??= new Promise((ok, fail) => {
    const script = document.createElement("script");
    script.src = url;
    // An integrity check needs a CORS request; Kakao's CDN answers it.
    script.crossOrigin = "anonymous";
    if (integrity) script.integrity = integrity;
    script.onload = () => (globalThis.Kakao?.Share ? ok(globalThis.Kakao) : fail(new Error(`${url} defined no Kakao.Share`)));
    script.onerror = () => {
      loading = undefined;
      script.remove();
      fail(new Error(`${url} did not load (network, Content-Security-Policy or integrity)`));
    };
    document.head.append(script);
  });
  return loading;
}

/**
 * Loads the SDK from `url` (checked against `integrity` when given), initialises it with
 * `javascriptKey` unless it already is, and calls `Kakao.Share[fn](JSON.parse(settings))`;
 * `finish` gets `{}` or `{failed: message}`.
 */
export function sendShare(url, integrity, javascriptKey, fn, settings, finish) {
  return loadSdk(url, integrity)
    .then((Kakao) => {
      if (!Kakao.isInitialized()) Kakao.init(javascriptKey);
      return Kakao.Share[fn](JSON.parse(settings));
    })
    .then(() => finish({}), (error) => finish({ failed: String(error?.message ?? error) }));
}

/** Kakao's speech bubble, as the login button draws it. */
const BUBBLE = '<svg viewBox="0 0 18 18" aria-hidden="true" focusable="false"><path d="M9 .6C4.03.6 0 3.71 0 7.55c0 2.39 1.56 4.49 3.93 5.75l-1 3.64c-.09.33.28.59.56.4l4.38-2.89c.37.04.75.06 1.13.06 4.97 0 9-3.11 9-6.95S13.97.6 9 .6Z"/></svg>';

// The share button: Kakao's yellow (#FEE500) with the black speech bubble, as a round icon like
// the share icon in Kakao's resource downloads. UNCONFIRMED: the search index held no share-button
// design guide, so the size (48 px, a touch target) and the round shape are kakao-sync's choice.
const SHARE_CSS = ":host{display:inline-block;vertical-align:middle}button{box-sizing:border-box;display:flex;align-items:center;justify-content:center;width:var(--ks-size,48px);height:var(--ks-size,48px);margin:0;padding:0;border:0;border-radius:50%;background:#fee500;cursor:pointer;-webkit-tap-highlight-color:transparent}button:hover{background-image:linear-gradient(#0000000d,#0000000d)}button:active,button[aria-busy=true]{background-image:linear-gradient(#0000001a,#0000001a)}button:focus-visible{outline:2px solid #000;outline-offset:2px}svg{width:50%;height:50%;fill:#000}";

// The channel buttons: yellow or black with the speech bubble and "채널 추가" / "채널 채팅".
// UNCONFIRMED against Kakao's channel button resources (the SDK's createAddChannelButton draws
// Kakao's own images), which the search index did not hold.
const CHANNEL_CSS = ':host{display:inline-block;vertical-align:middle;max-width:100%}a{box-sizing:border-box;display:inline-flex;align-items:center;gap:8px;max-width:100%;height:var(--ks-h,40px);padding:0 16px;border-radius:calc(var(--ks-h,40px)/2);background:#fee500;color:rgba(0,0,0,.85);font:600 15px/1 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",sans-serif;text-decoration:none;white-space:nowrap}:host([color=black]) a{background:#191919;color:#fff}:host([color=black]) svg{fill:#fee500}svg{flex:none;width:18px;height:18px;fill:#000}a:focus-visible{outline:2px solid #000;outline-offset:2px}span{overflow:hidden;text-overflow:ellipsis}';

/** A constructable stylesheet per element: a strict `style-src` allows it where a <style> would not. */
const sheets = new Map();
function adopt(root, css) {
  if (!sheets.has(css)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  root.adoptedStyleSheets = [sheets.get(css)];
}

const LABELS = {
  add: { ko: "채널 추가", en: "Add channel" },
  chat: { ko: "채널 채팅", en: "Chat with channel" },
};

/**
 * Defines <kakao-share-button> and <kakao-channel-button>. A share button's click hands
 * `share({attributes})` its attributes by name; a channel button asks `channelUrl({attributes})`
 * for its link. Failures are dispatched on the element as bubbling `kakao-sync-error` events
 * whose `detail` is the KakaoSyncError, as the login button does.
 */
export function defineShareElements(share, channelUrl) {
  const attributes = (el) => Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));
  const report = (el, error) => el.dispatchEvent(new CustomEvent("kakao-sync-error", { detail: error, bubbles: true, composed: true }));
  if (!customElements.get("kakao-share-button")) {
    customElements.define("kakao-share-button", class extends HTMLElement {
      connectedCallback() {
        if (this.shadowRoot) return;
        const root = this.attachShadow({ mode: "open" });
        const label = this.getAttribute("lang") === "en" ? "Share on KakaoTalk" : "카카오톡 공유하기";
        adopt(root, SHARE_CSS);
        root.innerHTML = `<button type="button" part="button" aria-label="${label}" title="${label}">${BUBBLE}</button>`;
        const button = root.querySelector("button");
        button.addEventListener("click", () => {
          button.setAttribute("aria-busy", "true");
          share({ attributes: attributes(this) })
            .catch((error) => report(this, error))
            .finally(() => button.removeAttribute("aria-busy"));
        });
      }
    });
  }
  if (!customElements.get("kakao-channel-button")) {
    customElements.define("kakao-channel-button", class extends HTMLElement {
      static observedAttributes = ["channel-public-id", "action", "lang", "color"];
      connectedCallback() {
        this.render();
      }
      attributeChangedCallback() {
        if (this.isConnected) this.render();
      }
      render() {
        const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
        const action = this.getAttribute("action") ?? "add";
        const label = (LABELS[action] ?? LABELS.add)[this.getAttribute("lang") === "en" ? "en" : "ko"];
        let href;
        try {
          href = channelUrl({ attributes: attributes(this) });
        } catch (error) {
          root.innerHTML = "";
          report(this, error);
          return;
        }
        adopt(root, CHANNEL_CSS);
        root.innerHTML = `<a part="link" target="_blank" rel="noopener">${BUBBLE}<span></span></a>`;
        root.querySelector("a").href = href;
        root.querySelector("span").textContent = label;
      }
    });
  }
}
