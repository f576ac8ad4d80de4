// Finishes what wasm-pack leaves in pkg/ so the package is what users expect: each entry's JS
// glue bundled with its snippets into one minified module (one request instead of a waterfall of
// three; the .d.ts keeps the docs), the stylesheet that reserves the custom elements' box, the
// licence, `core/` reduced to its module, and a package.json with ESM `module`, `exports` (`.`
// and `./core`), `types`, `files` and `sideEffects` (nothing runs at import time but the CSS).
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const root = new URL("../", import.meta.url);
const pkg = new URL("pkg/", root);
const fromWww = createRequire(new URL("www/package.json", root));
const { rolldown } = await import(pathToFileURL(fromWww.resolve("rolldown")));

for (const entry of [pkg, new URL("core/", pkg)]) {
  const glue = new URL("kakao_sync.js", entry);
  const bundle = await rolldown({ input: glue.pathname, logLevel: "warn" });
  const { output } = await bundle.generate({ format: "es", minify: true });
  await bundle.close();
  if (output.length !== 1) throw new Error(`bundle ${glue.pathname}: ${output.length} chunks`);
  writeFileSync(glue, output[0].code);
  rmSync(new URL("snippets/", entry), { recursive: true, force: true });
}

// The second build's own manifest, readme, ignore file and raw-export types: core/ is a subpath.
for (const file of ["package.json", "README.md", ".gitignore", "LICENSE", "kakao_sync_bg.wasm.d.ts"]) {
  rmSync(new URL(`core/${file}`, pkg), { force: true });
}

copyFileSync(new URL("src/ui/elements.css", root), new URL("kakao-sync.css", pkg));
copyFileSync(new URL("LICENSE", root), new URL("LICENSE", pkg));

const path = new URL("package.json", pkg);
const json = JSON.parse(readFileSync(path, "utf8"));
const files = new Set([...json.files.filter((f) => f !== "snippets"), "core", "kakao-sync.css", "LICENSE", "README.md"]);
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
