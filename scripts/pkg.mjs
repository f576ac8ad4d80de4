// Finishes what wasm-pack leaves in pkg/ (or the directory given) so the package is what users
// expect: the JavaScript minified (wasm-bindgen's glue carries every doc comment; the types in
// the .d.ts keep them), the stylesheet that reserves the custom elements' box, the licence, and
// a package.json with ESM `module`, `exports`, `types`, `files` and `sideEffects` (nothing runs
// at import time but the CSS).
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const root = new URL("../", import.meta.url);
const pkg = process.argv[2] ? pathToFileURL(process.argv[2].replace(/\/?$/, "/")) : new URL("pkg/", root);
const fromWww = createRequire(new URL("www/package.json", root));
const { minifySync } = await import(pathToFileURL(fromWww.resolve("rolldown/utils")));

for (const file of readdirSync(pkg, { recursive: true })) {
  if (!file.endsWith(".js")) continue;
  const path = new URL(file, pkg);
  const { code, errors } = minifySync(file, readFileSync(path, "utf8"), {
    module: true, compress: true, mangle: { toplevel: true },
  });
  if (errors.length > 0) throw new Error(`minify ${file}: ${errors.map((e) => e.message).join("; ")}`);
  writeFileSync(path, code);
}

copyFileSync(new URL("src/ui/elements.css", root), new URL("kakao-sync.css", pkg));
copyFileSync(new URL("LICENSE", root), new URL("LICENSE", pkg));

const path = new URL("package.json", pkg);
const json = JSON.parse(readFileSync(path, "utf8"));
const files = new Set([...json.files, "kakao-sync.css", "LICENSE", "README.md"]);
json.files = [...files];
json.module = json.main;
json.exports = {
  ".": { types: `./${json.types}`, import: `./${json.main}` },
  "./kakao-sync.css": "./kakao-sync.css",
  "./package.json": "./package.json",
};
json.sideEffects = ["*.css"];
json.keywords = ["kakao", "kakao-login", "kakao-sync", "oauth", "oidc", "webassembly"];
writeFileSync(path, JSON.stringify(json, null, 2) + "\n");
