// Bytes a page downloads from the package (pkg/), split by what each kind of page loads: raw,
// gzip -9 and brotli. Node's own zlib only, so `make test-size` needs nothing installed.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

export const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length,
});

/** Sums per-file sizes: each file is fetched and compressed on its own. */
const sum = (rows) =>
  rows.reduce(
    (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );

/**
 * Rows of `{what, raw, gzip, brotli}`; the pages also carry `entry`, the package entry they
 * import, or the page role's module they load later (what scripts/size-gate.mjs budgets).
 */
export function measurePackage(root) {
  const pkg = join(root, "pkg");
  const glue = (dir) => [join(dir, "kakao_sync.js"), join(dir, "kakao_sync_bg.wasm")];
  const [login, core, account, accountUi, accountLogin, share] = ["", "core", "account", "account-ui", "login", "share"].map((dir) => glue(join(pkg, dir)));
  const css = join(pkg, "kakao-sync.css");
  // `kakao-sync/elements`: the custom elements and the UI's JS, which the modules with a UI import.
  const elements = join(pkg, "elements.js");
  const page = [...login, elements, css];
  // Each file compressed once; the pages' rows are sums of these.
  const each = new Map([...login, elements, css, ...core, ...account, ...accountUi, ...accountLogin, ...share].map((f) => [f, sizes(readFileSync(f))]));
  const total = (files) => sum(files.map((f) => each.get(f)));
  const rows = [
    // `kakao-sync`'s init() loads the login role: the button's login and easy login.
    { what: "kakao-sync: button page (wasm + JS glue + elements.js + CSS)", entry: "kakao-sync", ...total(page) },
    // A static page's custom elements, drawn before `kakao-sync` and its WebAssembly load.
    { what: "kakao-sync/elements: a static page's first paint (elements.js + CSS)", entry: "kakao-sync/elements", ...total([elements, css]) },
    // The redirect page imports `kakao-sync/core`, whose init() loads the redirect role.
    { what: "kakao-sync/core: redirect page (wasm + JS glue)", entry: "kakao-sync/core", ...total(core) },
    // Loaded only where a page shares (or draws the share or channel button); Kakao's own SDK
    // comes on top, from Kakao's CDN, at the first share.
    { what: "kakao-sync/share: share page (wasm + JS glue)", entry: "kakao-sync/share", ...total(share) },
    // The roles an entry loads at their first call.
    { what: "account role with the terms panel, at kakao-sync's first terms panel, terms, logout, withdrawal or message call (wasm + JS glue)", entry: "account role with the terms panel", ...total(accountUi) },
    { what: "account role, at kakao-sync/core's first terms, logout, withdrawal or message call (wasm + JS glue)", entry: "account role", ...total(account) },
    { what: "Kakao Account login role, at kakao-sync/core's first login (wasm + JS glue)", entry: "login role", ...total(accountLogin) },
    { what: "kakao-sync: my page (button page + account role with the terms panel)", ...total([...page, ...accountUi]) },
    { what: "kakao-sync: redirect page through kakao-sync (button page + kakao-sync/core)", ...total([...page, ...core]) },
    { what: "kakao-sync/core: an app's own button (redirect page + login role)", ...total([...core, ...accountLogin]) },
  ];
  for (const [f, size] of each) rows.push({ what: `  ${relative(pkg, f)}`, ...size });
  return rows;
}
