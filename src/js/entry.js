// The `kakao-sync` entry: the login role's module (login, autoLogin, requestConsent, the login
// button's login and KakaoTalk wait, the terms panel, the pure helpers), loaded by `init()`; the
// other roles load at their first call. `defineCustomElements()` needs no module: the elements
// draw at once (src/ui/elements.js). `make pkg` bundles this file with that module's glue.
import { KakaoSync as LoginRole } from "./glue.js";
import { ACCOUNT_ROLE, acrossModules } from "./facade.js";
import init from "./init.js";
// The crate's own module, as `#[wasm_bindgen(module = "/src/...")]` names it (scripts/pkg.mjs).
import { defineElements } from "/src/ui/elements.js";

export * from "./init.js";
export { default } from "./init.js";

/** The redirect page's role: `kakao-sync/core`'s class, whose `init()` loads it. */
const redirect = () => import("./core/kakao_sync.js");
const account = () => import("./account/kakao_sync.js");

export const KakaoSync = acrossModules(LoginRole, [
  [["handleRedirect"], redirect],
  [ACCOUNT_ROLE, account],
]);

/** Needs no WebAssembly: the elements draw at once, and each loads the module for its client. */
export function defineCustomElements() {
  defineElements(async (options) => {
    await init();
    return new KakaoSync(options);
  });
}
