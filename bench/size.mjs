// Bytes a page downloads: the package (pkg/, measured by package-size.mjs) beside the peers
// bundled from npm with esbuild (minified ESM, browser platform), raw, gzip -9 and brotli.
import { join } from "node:path";
import { build } from "esbuild";
import { measurePackage, sizes } from "./package-size.mjs";

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

/** Rows of `{what, raw, gzip, brotli}`: the package's (bench/package-size.mjs), then the peers'. */
export async function measureSizes(root) {
  const rows = measurePackage(root);
  for (const [what, source] of Object.entries(PEERS)) {
    rows.push({ what, ...sizes(await bundle(source, join(root, "bench"))) });
  }
  return rows;
}
