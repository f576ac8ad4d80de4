// The share page: kakao-sync/share's buttons on a static page. config.js gives the app's
// JavaScript key and, for the local emulator, where Kakao's SDK is served (`kakaoSdkUrl`;
// without it the module loads Kakao's own from its CDN, checked against its SRI hash).
import init, { defineShareElements } from "/pkg/share/kakao_sync.js";
import config from "./config.js";
import { describeError, say } from "./kakao.js";

const button = document.getElementById("share");
button.setAttribute("javascript-key", config.javascriptKey);
if (config.kakaoSdkUrl) button.setAttribute("sdk-url", config.kakaoSdkUrl);
document.addEventListener("kakao-sync-error", (event) => {
  say(document.getElementById("error"), describeError(event.detail), event.detail?.code);
});
await init();
defineShareElements();
