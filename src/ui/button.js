// The Kakao login button as Kakao's design guide defines it: its options, labels, accessible
// names, classes, markup and stylesheet, and its click. It needs no WebAssembly, so a page
// paints it as soon as this file runs: `<kakao-login-button>` (elements.js) draws it before the
// module is ready, and `renderLoginButton` (src/js/ui.rs) draws through it too.
//
// Design guide: https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide (login) and
// https://developers.kakao.com/docs/latest/ko/kakaosync/design-guide (Kakao Sync "Start").
//
// The guide's numbers (12 px radius, 30 pt label) describe Kakao's *large* artwork, which is
// 90 px tall (`kakao_login_large_wide.png`, 600×90); the medium artwork is its exact half. Every
// size here is that artwork scaled by height, so proportions stay the guide's at any size: the
// stylesheet draws everything from the height `--ks-h` (label 30, symbol 36 at inset 29 and
// radius 12 on the 90 px artwork).
//
// The button never draws wider than its container: in a narrower one it takes the container's
// width, and when that is less than the artwork's, the symbol, label and insets shrink together
// like the artwork scaled down (the narrow artwork's proportions for `fill` and pixel widths, the
// wide one's for `wide`), but never below the 44 px touch target at the sizes meant for phones.
// The corner radius keeps the size's value. UNCONFIRMED: the guide's rule for resizing the whole
// button is cut off in every copy we could read; scaling every part together is our reading.

import { listen, render, report, setAria } from "./dom.js";

/**
 * The guide's labels per kind (what the button does), form and language: the full label (완성형)
 * or the short one (축약형). `login` is Kakao Login, `sync` is Kakao Sync sign-up ("Start").
 */
const LABELS = {
  login: {
    full: { ko: "카카오 로그인", en: "Login with Kakao" },
    short: { ko: "로그인", en: "Login" },
  },
  sync: {
    full: { ko: "카카오로 시작하기", en: "Start with Kakao" },
    // UNCONFIRMED: the Sync guide's Korean short form; 시작하기 mirrors its English "Start".
    short: { ko: "시작하기", en: "Start" },
  },
};

/**
 * The options that are one of a few words, with their words.
 * - `size`: Kakao's medium (45 px) and large (90 px) artwork, and a small 36 px one. Medium and
 *   large are meant for phones: however narrow their container, they stay at least 44 px tall,
 *   the touch target of Apple's Human Interface Guidelines and WCAG 2.5.5. Small is for dense
 *   layouts under a mouse pointer.
 * - `align`: where the symbol sits when the container is wider than its content: at the left
 *   edge, or centred together with the label. The guide allows both.
 */
const WORDS = {
  kind: ["login", "sync"],
  label: ["full", "short"],
  size: ["small", "medium", "large"],
  align: ["left", "center"],
};
/** The class of each size, which the stylesheet keys the height on. */
const SIZE_CLASSES = { small: "ks-s", medium: "ks-m", large: "ks-l" };

/** What an option left out (`undefined` or `null`) is; without `lang`, the client's language. */
const DEFAULTS = { kind: "login", label: "full", size: "medium", width: "narrow", align: "left", disabled: false };

/**
 * Container widths: Kakao's narrow artwork (183 px at medium), its wide one (300 px), the
 * containing block's width, or a width in CSS pixels (a number, or digits as an HTML attribute
 * carries them) that is never narrower than the narrow artwork. Widening grows the container
 * equally on both sides; the symbol and label keep their size, and no width clips them.
 */
const WIDTHS = ["narrow", "wide", "fill"];
/** Widths above this are certainly a mistake (a 4K screen is 3840 px wide). */
const MAX_WIDTH_PX = 4096;

/** Every key of `LoginButtonOptions` (button-options.d.ts), in its order. */
export const OPTION_KEYS = ["kind", "label", "size", "width", "lang", "align", "disabled"];

/**
 * The stylesheet of the button; the guide's colours: the container #FEE500 (no other is
 * allowed), the symbol solid black, the label black at 85 % opacity.
 */
export const BUTTON_CSS = `.ks-btn{--ks-h:45px;--ks-min:44px;--ks-r:calc(15/61);--ks-e:clamp(var(--ks-min),100cqi*var(--ks-r),var(--ks-h));container-type:inline-size;box-sizing:border-box;display:inline-flex;align-items:center;vertical-align:middle;width:calc(var(--ks-h)/var(--ks-r));max-width:100%;margin:0;padding:0;border:0;border-radius:calc(var(--ks-h)*2/15);background:#fee500;color:rgba(0,0,0,.85);font:500 calc(var(--ks-h)/3)/1 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",sans-serif;letter-spacing:normal;white-space:nowrap;cursor:pointer;-webkit-tap-highlight-color:transparent}
.ks-btn:before,.ks-btn:after{content:"";flex:none;width:calc(var(--ks-e)*29/90)}
:host>.ks-btn{display:flex}
.ks-s{--ks-h:36px;--ks-min:0px}
.ks-l{--ks-h:90px}
.ks-wide{--ks-r:.15}
.ks-fill{display:flex;width:100%}
.ks-px{width:max(var(--ks-w),calc(var(--ks-h)/var(--ks-r)))}
.ks-sym{flex:none;width:calc(var(--ks-e)*.4);height:calc(var(--ks-e)*.4);margin-right:calc(var(--ks-e)*8/45);fill:#000}
.ks-label{font-size:calc(var(--ks-e)/3);line-height:var(--ks-e)}
.ks-left .ks-label{margin:0 auto}
.ks-center{justify-content:center}
.ks-btn:hover{background-image:linear-gradient(#0000000d,#0000000d)}
.ks-btn:active,.ks-btn[aria-busy=true]{background-image:linear-gradient(#0000001a,#0000001a)}
.ks-btn:focus-visible{outline:2px solid #000;outline-offset:2px;box-shadow:0 0 0 4px #fff}
.ks-btn[aria-busy=true]{cursor:progress}
.ks-btn:disabled{cursor:not-allowed;opacity:.5;background-image:none}
@media (forced-colors:active){.ks-btn{border:1px solid ButtonText}}
`;

/**
 * Kakao's speech bubble in an 18×18 box, an ellipse 18 wide and 13.9 tall with the tail at the
 * lower left, inline (an `<img>` of Kakao's PNG is what ad blockers hide); the guide forbids
 * changing its shape, proportions or colour.
 */
const SYMBOL =
  '<svg class="ks-sym" viewBox="0 0 18 18" aria-hidden="true" focusable="false"><path d="M9 .6C4.03.6 0 3.71 0 7.55c0 2.39 1.56 4.49 3.93 5.75l-1 3.64c-.09.33.28.59.56.4l4.38-2.89c.37.04.75.06 1.13.06 4.97 0 9-3.11 9-6.95S13.97.6 9 .6Z"/></svg>';

/** A `KakaoSyncError` with `code` "invalid_config", as the WebAssembly module throws it. */
function invalidConfig(message) {
  return Object.assign(new Error(message), { name: "KakaoSyncError", code: "invalid_config" });
}

/** `"a", "b" or "c"`. */
function either(words) {
  const quoted = words.map((word) => `"${word}"`);
  return `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

/** `key`'s value in `options` when it is `options`' own property; `undefined` and `null` are absent. */
function own(options, key) {
  return Object.hasOwn(options, key) ? (options[key] ?? undefined) : undefined;
}

/** One option's value, checked in the order of `OPTION_KEYS`. */
function readOption(key, value) {
  if (value === undefined) return DEFAULTS[key];
  if (key === "width") return readWidth(value);
  if (key === "lang") {
    if (typeof value !== "string") throw invalidConfig("invalid options: `lang` in LoginButtonOptions must be a string");
    if (value !== "ko" && value !== "en") throw invalidConfig("invalid `lang`: must be ko or en");
    return value;
  }
  if (key === "disabled") {
    if (typeof value !== "boolean") throw invalidConfig("invalid options: `disabled` in LoginButtonOptions must be a boolean");
    return value;
  }
  if (!WORDS[key].includes(value)) throw invalidConfig(`invalid \`${key}\`: must be ${either(WORDS[key])}`);
  return value;
}

/** A width keyword, or a whole number of pixels in range (a fraction rounds to the nearest). */
function readWidth(value) {
  if (WIDTHS.includes(value)) return value;
  const px = typeof value === "string" && /^[0-9]+$/.test(value) ? Number(value) : value;
  if (typeof px === "number" && px >= 1 && px <= MAX_WIDTH_PX) return Math.floor(px + 0.5);
  throw invalidConfig(`invalid \`width\`: must be ${either(WIDTHS)} or a width in pixels from 1 to ${MAX_WIDTH_PX}`);
}

/**
 * `LoginButtonOptions` (the options of `renderLoginButton`, and `<kakao-login-button>`'s
 * attributes, which arrive as strings) checked, with every default filled in: `undefined` or
 * `null` is no options. Throws a `KakaoSyncError` with `code` "invalid_config" naming the key for
 * an unknown key or a wrong value. `lang` stays `undefined` when not given: the button then
 * speaks its client's language.
 */
export function readButtonOptions(options) {
  if (options === undefined || options === null) options = {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw invalidConfig("invalid options: LoginButtonOptions must be an object");
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) {
      throw invalidConfig(`invalid options: unknown field \`${key}\` in LoginButtonOptions, expected one of: ${OPTION_KEYS.join(", ")}`);
    }
  }
  const read = {};
  for (const key of OPTION_KEYS) read[key] = readOption(key, own(options, key));
  return read;
}

/** The visible label of checked `options` in `lang` ("ko" or "en"). */
export function labelText(options, lang) {
  return LABELS[options.kind][options.label][lang];
}

/**
 * The accessible name: always the full label, which contains the short one, so a screen reader
 * says "Login with Kakao" where the button shows "Login" (WCAG 2.5.3 label in name).
 */
export function accessibleName(options, lang) {
  return LABELS[options.kind].full[lang];
}

/** The classes of the `<button>`; the stylesheet keys every size and layout on them. */
export function className(options) {
  const width = typeof options.width === "number" ? "px" : options.width;
  return `ks-btn ${SIZE_CLASSES[options.size]} ks-${width} ks-${options.align}`;
}

/**
 * Draws the button of checked `options` in `lang` into `parent` (an element or a shadow root),
 * replacing its content and stopping what was rendered there, with the stylesheet adopted where
 * it applies; returns the `<button>`.
 *
 * Clicking calls `activate()` (usually the login, which navigates away) and leaves the button
 * busy: announced (`aria-busy`) and refusing activation (`aria-disabled`) while it keeps focus,
 * which `disabled` would take away. It is usable again when `activate` throws (reported as a
 * `kakao-sync-error` event from the button) or the page comes back from the back/forward cache.
 * A pixel width is set through the CSSOM, which a strict Content-Security-Policy allows. The
 * markup is made of this file's constants only, which is what dom.js's Trusted Types policy
 * vouches for.
 */
export function renderButton(parent, options, lang, activate) {
  const label = labelText(options, lang);
  const name = accessibleName(options, lang);
  const disabled = options.disabled ? " disabled" : "";
  const ariaLabel = name === label ? "" : ` aria-label="${name}"`;
  const html = `<button type="button" class="${className(options)}"${disabled}${ariaLabel}>${SYMBOL}<span class="ks-label">${label}</span></button>`;
  const button = render(parent, html, BUTTON_CSS);
  if (typeof options.width === "number") button.style.setProperty("--ks-w", `${options.width}px`);
  const setBusy = (busy) => {
    setAria(button, "aria-busy", busy);
    setAria(button, "aria-disabled", busy);
  };
  listen(button, button, ["click"], () => {
    if (button.hasAttribute("aria-busy")) return;
    setBusy(true);
    try {
      activate();
    } catch (error) {
      setBusy(false);
      report(button, error);
    }
  });
  listen(button, window, ["pageshow"], () => setBusy(false));
  return button;
}
