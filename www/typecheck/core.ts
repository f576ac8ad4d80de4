// `kakao-sync/core`: the same client without the button and the terms panel, typed as such.
import initCore, { KakaoSync, type RedirectOutcome } from "../../pkg/core/kakao_sync.js";

export async function redirectPage(el: HTMLElement): Promise<RedirectOutcome> {
  await initCore();
  const kakao = new KakaoSync({ clientId: "k", redirectUri: "https://app.example/cb" });
  // @ts-expect-error: core draws no button
  kakao.renderLoginButton(el, {});
  return kakao.handleRedirect();
}
