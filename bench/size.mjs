// Bytes a page downloads: the package (pkg/) split by what each kind of page loads, beside the
// peers bundled from npm with esbuild (minified ESM, browser platform), raw, gzip -9 and brotli.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { build } from "esbuild";

const sizes = (bytes) => ({
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

/** Each peer's entry: the part of its API a page would use for what kakao-sync does. */
const PEERS = {
  "oauth4webapi (authorize URL + PKCE + callback check)": `
    import * as oauth from "oauth4webapi";
    export async function start(as, client, redirectUri) {
      const verifier = oauth.generateRandomCodeVerifier();
      const url = new URL(as.authorization_endpoint);
      url.searchParams.set("client_id", client.client_id);
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
      url.searchParams.set("code_challenge_method", "S256");
      url.searchParams.set("state", oauth.generateRandomState());
      url.searchParams.set("nonce", oauth.generateRandomNonce());
      return { url, verifier };
    }
    export function callback(as, client, currentUrl, state) {
      return oauth.validateAuthResponse(as, client, currentUrl, state);
    }`,
  "oidc-client-ts (UserManager)": `export { UserManager } from "oidc-client-ts";`,
};

async function bundle(source, resolveDir) {
  const out = await build({
    stdin: { contents: source, resolveDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return Buffer.from(out.outputFiles[0].contents);
}

/** Rows of `{what, raw, gzip, brotli}`. */
export async function measureSizes(root) {
  const pkg = join(root, "pkg");
  const glue = (dir) => [join(dir, "kakao_sync.js"), join(dir, "kakao_sync_bg.wasm")];
  const full = glue(pkg);
  const core = glue(join(pkg, "core"));
  const css = join(pkg, "kakao-sync.css");
  // Each file compressed once; the pages' rows are sums of these.
  const each = new Map([...full, css, ...core].map((f) => [f, sizes(readFileSync(f))]));
  const total = (files) => sum(files.map((f) => each.get(f)));
  const [all, lean] = [total(full), total(core)];
  const rows = [
    // The button is drawn by `kakao-sync`; the redirect page needs no UI and imports
    // `kakao-sync/core`.
    { what: "kakao-sync: button page (wasm + JS glue + CSS)", ...total([...full, css]) },
    { what: "kakao-sync/core: redirect page (wasm + JS glue)", ...lean },
    { what: "kakao-sync: everything a page can load", ...total([...full, css]) },
    {
      what: "kakao-sync minus kakao-sync/core: the button and the terms panel",
      raw: all.raw - lean.raw, gzip: all.gzip - lean.gzip, brotli: all.brotli - lean.brotli,
    },
  ];
  for (const [f, size] of each) rows.push({ what: `  ${relative(pkg, f)}`, ...size });
  for (const [what, source] of Object.entries(PEERS)) {
    rows.push({ what, ...sizes(await bundle(source, join(root, "bench"))) });
  }
  return rows;
}
