// The `kakao-sync/elements` entry (pkg/elements.js): the custom elements alone, so a static page
// paints its buttons as soon as this one small file has run; each element then loads the
// `kakao-sync` entry, with its WebAssembly, for its client. The package's modules with a UI (the
// `kakao-sync` entry's and the account role's with the terms panel) import the button and the
// DOM plumbing from this file as well (scripts/pkg.mjs), so a page has one instance of each: one
// Trusted Types policy, one record of which component is mounted where. Those modules' imports
// are why this file exports the UI's functions too; `elements.d.ts` declares only
// `defineCustomElements`, the entry's API.
import { defineElements } from "/src/ui/elements.js";

export * from "/src/ui/button.js";
export * from "/src/ui/dom.js";

export function defineCustomElements() {
  defineElements(async (options) => {
    const { default: init, KakaoSync } = await import("./kakao_sync.js");
    await init();
    return new KakaoSync(options);
  });
}
