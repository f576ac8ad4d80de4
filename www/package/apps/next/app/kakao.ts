// One client for the app's client components. Every component may call `init()`: all of them
// share one load, React StrictMode's double effects included.
import init, { KakaoSync } from "kakao-sync";

export async function kakao(): Promise<KakaoSync> {
  await init();
  return new KakaoSync({
    clientId: process.env.NEXT_PUBLIC_KAKAO_CLIENT_ID!,
    redirectUri: `${location.origin}/redirect`,
    authorizeEndpoint: process.env.NEXT_PUBLIC_KAKAO_AUTHORIZE_ENDPOINT,
  });
}
