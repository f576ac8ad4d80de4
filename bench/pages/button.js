// The button alone: load the module, render, and note when the frame with it is painted.
import init, { KakaoSync } from "/pkg/kakao_sync.js";

const wasm = await init();
window.kakao = new KakaoSync({
  clientId: "kakao-sync-demo-rest-api-key",
  redirectUri: new URL("/redirect.html", location.origin).href,
  authorizeEndpoint: `${new URLSearchParams(location.search).get("kakao")}/oauth/authorize`,
});
window.kakao.renderLoginButton(document.getElementById("login"), { kind: "sync" });
requestAnimationFrame(() => setTimeout(() => {
  window.benchDone = { at: performance.now(), wasmBytes: wasm.memory.buffer.byteLength };
}));
