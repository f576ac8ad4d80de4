// The `kakao-sync` entry: the login role's module (login, autoLogin, requestConsent, the login
// button's login and KakaoTalk wait, the pure helpers), loaded by `init()`; the other roles load
// at their first call, the account role also at the first terms panel. `defineCustomElements()`
// is `kakao-sync/elements`' (pkg/elements.js), which needs no module: the elements draw at once.
// `make pkg` bundles this file with that module's glue.
import { KakaoSync as LoginRole } from "./glue.js";
import { KAKAO_SYNC_ROUTES, acrossModules } from "./facade.js";

export * from "./init.js";
export { default } from "./init.js";
export { defineCustomElements } from "./elements.js";

export const KakaoSync = acrossModules(LoginRole, KAKAO_SYNC_ROUTES, {
  // The redirect page's role: `kakao-sync/core`'s class, whose `init()` loads it.
  "core/": () => import("./core/kakao_sync.js"),
  "account-ui/": () => import("./account-ui/kakao_sync.js"),
});
