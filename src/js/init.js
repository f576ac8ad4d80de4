// The package's entry: wasm-bindgen's glue, with an `init()` that every caller on the page
// shares. The glue's own `init()` returns early only once the module is ready, so two calls at
// once (React StrictMode's double effect, two components that each call it) would instantiate
// two modules, the later one replacing the first under the first caller's objects.
// `make pkg` bundles this file with the glue into each entry's one module.
import initGlue, { initSync as initSyncGlue } from "./glue.js";

export * from "./glue.js";

/** The one instantiation: pending, done, or `undefined` before the first call and after a failure. */
let shared;
/** Its result once done, so `initSync()` can answer without waiting. */
let ready;

function kakaoSyncError(code, message) {
  return Object.assign(new Error(message), { name: "KakaoSyncError", code });
}

/** Whether the glue can fetch `input` where there is no page (Node, an edge runtime): only an absolute http(s) URL. */
function fetchableWithoutPage(input) {
  if (typeof input === "string" || input instanceof URL) {
    return URL.canParse(input) && /^https?:$/.test(new URL(input).protocol);
  }
  return input !== undefined;
}

async function instantiate(options) {
  const named = options !== null && typeof options === "object" && Object.getPrototypeOf(options) === Object.prototype;
  const input = await (named ? options.module_or_path : options);
  // Without a page, a bundler's root-relative asset URL or this file's own `file:` URL cannot be
  // fetched: say what to pass instead of failing inside `fetch`.
  if (typeof location === "undefined" && !fetchableWithoutPage(input)) {
    throw kakaoSyncError(
      "invalid_config",
      "kakao-sync: on a server, init() needs the WebAssembly itself: " +
        'init({ module_or_path: await readFile(fileURLToPath(import.meta.resolve("kakao-sync/kakao_sync_bg.wasm"))) })',
    );
  }
  ready = await initGlue({ module_or_path: input });
  return ready;
}

/**
 * Loads the WebAssembly module once per page, however many times and however concurrently it is
 * called: every caller gets the same promise. A failed load can be retried by calling again.
 */
export default function init(options) {
  shared ??= instantiate(options).catch((error) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** The synchronous form, for a module already compiled; the same one instantiation as `init()`. */
export function initSync(options) {
  if (ready) return ready;
  if (shared) throw kakaoSyncError("invalid_config", "kakao-sync: init() is still loading; await it instead of calling initSync()");
  ready = initSyncGlue(options);
  shared = Promise.resolve(ready);
  return ready;
}
