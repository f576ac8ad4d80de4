// One client for the app. `init()` may be called by every component that needs the module:
// all of them share one load.
import init, { KakaoSync } from "kakao-sync";

export async function kakao() {
  await init();
  return new KakaoSync({
    clientId: import.meta.env.VITE_KAKAO_CLIENT_ID,
    redirectUri: `${location.origin}/redirect`,
    authorizeEndpoint: import.meta.env.VITE_KAKAO_AUTHORIZE_ENDPOINT,
  });
}
