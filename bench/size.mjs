// Bytes a page downloads: the package (pkg/, measured by package-size.mjs) beside the peers
// bundled from npm with esbuild (minified ESM, browser platform) and Kakao's own JavaScript SDK,
// raw, gzip -9 and brotli. `node bench/size.mjs` prints that section of the report alone;
// `--write` puts it into bench/results.md in place of the section there (`scripts/bench.sh size`).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { measurePackage, sizes } from "./package-size.mjs";

/**
 * Kakao's JavaScript SDK, the script a page loads for Kakao Login today: the one peer no package
 * registry carries. Kakao publishes it only on its CDN, each version with a Subresource Integrity
 * hash (https://developers.kakao.com/docs/latest/en/javascript/download); npm's `kakao-js-sdk`
 * 1.2.3 is a loader that injects that CDN script, not the SDK. So the bench records the sizes of
 * one copy, measured with this file's own `sizes()`: 2.7.1's `kakao.min.js` from a public
 * repository (juhonamnam/wedding-invitation `public/kakao_js_sdk/2.7.1/kakao.min.js` at
 * 9b419eb), whose SHA-384 is the SRI below (UNCONFIRMED here against the download page itself,
 * whose hash only shows behind a copy button; shared/reference/kakao-talk-features.md §1.1
 * matched it). gzip 1.12 `-9 -n` makes 27,698 B of it, the figure issue 11 quotes; Node's zlib
 * at level 9, which measures every other row, 27,816 B. With `KAKAO_SDK_JS=path/kakao.min.js` the
 * bench measures that file instead, and refuses one whose hash is not this SRI.
 */
export const KAKAO_SDK = {
  version: "2.7.1",
  sri: "sha384-kDljxUXHaJ9xAb2AzRd59KxjrFjzHa5TAoFQ6GbYTCAG0bjM55XohjjDT7tDDC01",
  recorded: { raw: 83_825, gzip: 27_816, brotli: 24_321 },
};

/** Kakao's SDK's row: measured from `KAKAO_SDK_JS` when set (its SRI checked), else as recorded. */
export function kakaoSdk(path = process.env.KAKAO_SDK_JS) {
  const what = `Kakao JavaScript SDK ${KAKAO_SDK.version} (kakao.min.js, not on npm; ${path ? "measured" : "recorded"})`;
  if (!path) return { what, ...KAKAO_SDK.recorded };
  const bytes = readFileSync(path);
  const sri = `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
  if (sri !== KAKAO_SDK.sri) throw new Error(`${path}: ${sri} is not Kakao's ${KAKAO_SDK.version} (${KAKAO_SDK.sri})`);
  return { what, ...sizes(bytes) };
}

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
  rows.push(kakaoSdk());
  for (const [what, source] of Object.entries(PEERS)) {
    rows.push({ what, ...sizes(await bundle(source, join(root, "bench"))) });
  }
  return rows;
}

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

/** The report's section on bytes: the rows, then each page against Kakao's SDK and its target. */
export function sizeSection(rows) {
  const page = (entry) => rows.find((r) => r.entry === entry);
  const kakao = rows.find((r) => r.what.startsWith("Kakao JavaScript SDK"));
  const ratio = (r) => `${(r.gzip / kakao.gzip).toFixed(2)}×`;
  const bytes = (n) => `${n.toLocaleString("en-US")} B`;
  return [
    `## Bytes a page downloads`,
    ``,
    `| what | raw | gzip -9 | brotli |`,
    `|---|---|---|---|`,
    ...rows.map((r) => `| ${r.what} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`),
    ``,
    `Against Kakao's JavaScript SDK ${KAKAO_SDK.version} (${bytes(kakao.gzip)} gzip -9 by the same zlib; 27,698 B by gzip 1.12 -9): ` +
      `the button page ${bytes(page("kakao-sync").gzip)}, ${ratio(page("kakao-sync"))}; ` +
      `the redirect page (\`kakao-sync/core\`) ${bytes(page("kakao-sync/core").gzip)}, ${ratio(page("kakao-sync/core"))}; ` +
      `the share page (\`kakao-sync/share\`) ${bytes(page("kakao-sync/share").gzip)}, ${ratio(page("kakao-sync/share"))}, and Kakao's SDK on top at its first share. ` +
      `Targets (issue 11): the button page no more than Kakao's SDK, the redirect page 22 KB; docs/size.md says where the bytes are and what is left.`,
    ``,
  ].join("\n");
}

/** bench/results.md with its bytes section replaced by `section` (up to the next `## `). */
function replaceSection(report, section) {
  const start = report.indexOf("## Bytes a page downloads");
  const end = report.indexOf("\n## ", start + 1);
  if (start < 0 || end < 0) throw new Error("bench/results.md: no bytes section to replace");
  return `${report.slice(0, start)}${section}\n${report.slice(end + 1)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const section = sizeSection(await measureSizes(root));
  console.log(section);
  if (process.argv.includes("--write")) {
    const results = join(root, "bench/results.md");
    const stamp = `Measured alone (\`scripts/bench.sh size\`) ${new Date().toISOString()}; the other sections are from the run dated above.`;
    const [heading, ...rest] = section.split("\n");
    writeFileSync(results, replaceSection(readFileSync(results, "utf8"), [heading, "", stamp, ...rest].join("\n")));
  }
}
