// The button as a static site writes it: a <kakao-login-button>, then `defineCustomElements()`
// from `kakao-sync/elements` (this server's addresses are filled in first, as a static site would
// write them). Notes when the frame with the button is painted; then, once the element has loaded
// `kakao-sync` and its WebAssembly and drawn its button through it, the layout shift of the whole
// load.
import { defineCustomElements } from "/pkg/elements.js";

const element = document.querySelector("kakao-login-button");
element.setAttribute("redirect-uri", new URL("/redirect.html", location.origin).href);
element.setAttribute("authorize-endpoint", `${new URLSearchParams(location.search).get("kakao")}/oauth/authorize`);
defineCustomElements();
// The element draws in a microtask; the frame after it shows the button.
await Promise.resolve();
if (!element.shadowRoot?.querySelector("button")) throw new Error("the button was not drawn");
const painted = await new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()))));
// The element's own load of the module: init() is shared, so this waits for that one.
const { default: init } = await import("/pkg/kakao_sync.js");
const wasm = await init();
await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
window.benchDone = { at: painted, wasmBytes: wasm.memory.buffer.byteLength, shift: window.shift };
