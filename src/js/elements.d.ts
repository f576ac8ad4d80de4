
/**
 * Defines `<kakao-login-button>` and `<kakao-terms-consent>`. It needs no WebAssembly: call it
 * as soon as the page runs, before or after `init()`. The button is drawn from its attributes at
 * once, and a click before the module is ready logs in once it is; the terms panel renders when
 * the module is ready (each element loads it with `init()`). Their attributes are the
 * `KakaoSync` options in kebab-case (`client-id`, `redirect-uri`, `backend-url`,
 * `authorize-endpoint`, `lang`, and space- or comma-separated `scope`, `service-terms`,
 * `channel-public-ids`), plus the button's `kind`, `label`, `size`, `width`, `align` and
 * `disabled`. A bad attribute is reported as a `kakao-sync-error` event from the element.
 *
 * `kakao-sync` and `kakao-sync/elements` export the same function. From `kakao-sync/elements`
 * a static page paints its buttons as soon as that one small file has run, and each element
 * loads `kakao-sync`, with its WebAssembly, after.
 */
export function defineCustomElements(): void;
