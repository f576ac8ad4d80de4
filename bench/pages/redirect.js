// The redirect page: load the module and finish the login against the backend.
import init, { KakaoSync } from "/pkg/core/kakao_sync.js";

const wasm = await init();
const kakao = new KakaoSync({
  clientId: "kakao-sync-demo-rest-api-key",
  redirectUri: new URL("/redirect.html", location.origin).href,
});
// From this document's first byte: its navigation began at Kakao's authorize URL.
const [navigation] = performance.getEntriesByType("navigation");
try {
  const outcome = await kakao.handleRedirect();
  document.getElementById("status").textContent = outcome.status;
  window.benchDone = { at: performance.now() - navigation.responseStart, status: outcome.status, wasmBytes: wasm.memory.buffer.byteLength };
} catch (error) {
  window.benchDone = { status: `${error.code}: ${error.message}` };
}
