// The `kakao-sync` entry (the `ui` build): the package's entry (init.js) and
// `defineCustomElements()`, which needs no WebAssembly, so a page can call it before `init()`:
// the elements draw at once and each gets its client once the module is ready.
// `make pkg` bundles this file with init.js and the module's glue; `/src/...` names the crate's
// own JS modules, as `#[wasm_bindgen(module = "/src/...")]` does.
import init, { KakaoSync } from "./init.js";
import { defineElements } from "/src/ui/elements.js";

export * from "./init.js";
export { default } from "./init.js";

export function defineCustomElements() {
  defineElements(async (options) => {
    await init();
    return new KakaoSync(options);
  });
}
