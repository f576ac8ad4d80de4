// Finishes what wasm-pack leaves in pkg/ so the package is what users expect: the JavaScript
// minified (wasm-bindgen's glue carries every doc comment; the types in the .d.ts keep them),
// the stylesheet that reserves the custom elements' box, the licence, `core/` reduced to its
// module, and a package.json with ESM `module`, `exports` (`.` and `./core`), `types`, `files`
// and `sideEffects` (nothing runs at import time but the CSS).
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const root = new URL("../", import.meta.url);
const pkg = new URL("pkg/", root);
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

// The second build's own manifest, readme and ignore file: core/ is a subpath of the package.
for (const file of ["package.json", "README.md", ".gitignore", "LICENSE"]) {
  rmSync(new URL(`core/${file}`, pkg), { force: true });
}

copyFileSync(new URL("src/ui/elements.css", root), new URL("kakao-sync.css", pkg));
copyFileSync(new URL("LICENSE", root), new URL("LICENSE", pkg));

const path = new URL("package.json", pkg);
const json = JSON.parse(readFileSync(path, "utf8"));
const files = new Set([...json.files, "core", "kakao-sync.css", "LICENSE", "README.md"]);
json.files = [...files];
json.module = json.main;
json.exports = {
  ".": { types: `./${json.types}`, import: `./${json.main}` },
  "./core": { types: `./core/${json.types}`, import: `./core/${json.main}` },
  "./kakao-sync.css": "./kakao-sync.css",
  "./package.json": "./package.json",
};
json.sideEffects = ["*.css"];
json.keywords = ["kakao", "kakao-login", "kakao-sync", "oauth", "oidc", "webassembly"];
writeFileSync(path, JSON.stringify(json, null, 2) + "\n");
