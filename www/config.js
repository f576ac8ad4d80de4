// The site's only per-environment file. The demo (scripts/demo.sh) serves it as is, pointing at
// the local Kakao emulator; against the real Kakao, set `clientId` to the app's REST API key and
// remove `authorizeEndpoint` (the module then uses https://kauth.kakao.com/oauth/authorize).
// `redirectUri` defaults to /redirect.html on this site's origin; it must be registered in the
// app's Kakao Login settings and in the backend's KAKAO_REDIRECT_URIS.
export default {
  clientId: "kakao-sync-demo-rest-api-key",
  authorizeEndpoint: "http://localhost:9000/oauth/authorize",
  // The app's JavaScript key: on phones, login goes through KakaoTalk (easy login), and
  // share.html shares with it. The site's origin must be one of the app's JavaScript SDK domains.
  javascriptKey: "kakao-sync-demo-javascript-key",
  // The emulator's stand-in for Kakao's SDK (share.html); without `kakaoSdkUrl` the module loads
  // Kakao's own from its CDN.
  kakaoSdkUrl: "http://localhost:9000/kakao_js_sdk/2.7.1/kakao.min.js",
};
