// The `kakao-sync/core` entry, for the redirect page and apps with their own button: the redirect
// role's module (handleRedirect, session, the pure helpers), loaded by `init()`; the other roles
// load at their first call. `make pkg` bundles this file with that module's glue.
import { KakaoSync as RedirectRole } from "./glue.js";
import { CORE_ROUTES, acrossModules } from "./facade.js";

export * from "./init.js";
export { default } from "./init.js";

export const KakaoSync = acrossModules(RedirectRole, CORE_ROUTES, {
  // Kakao Account login without the UI (KakaoTalk easy login comes with `kakao-sync`).
  "login/": () => import("../login/kakao_sync.js"),
  "account/": () => import("../account/kakao_sync.js"),
});
