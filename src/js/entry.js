// The `kakao-sync` entry: the login role's module (login, autoLogin, requestConsent, the login
// button, the terms panel and the custom elements, the pure helpers), loaded by `init()`; the
// other roles load at their first call. `make pkg` bundles this file with that module's glue.
import { KakaoSync as LoginRole } from "./glue.js";
import { acrossModules } from "./facade.js";

export * from "./init.js";
export { default } from "./init.js";

/** The redirect page's role: `kakao-sync/core`'s class, whose `init()` loads it. */
const redirect = () => import("./core/kakao_sync.js");
const account = () => import("./account/kakao_sync.js");

export const KakaoSync = acrossModules(LoginRole, {
  handleRedirect: redirect,
  serviceTerms: account,
  agreeServiceTerms: account,
  revokeServiceTerms: account,
  logout: account,
  withdraw: account,
  sendToMe: account,
  friends: account,
  sendToFriends: account,
});
