// Finishes what wasm-pack leaves in pkg/ so the package is what users expect: the stylesheet
// that reserves the custom elements' box, the licence, and a package.json with ESM `module`,
// `exports`, `types`, `files` and `sideEffects` (nothing runs at import time but the CSS).
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";

const pkg = new URL("../pkg/", import.meta.url);
const root = new URL("../", import.meta.url);
copyFileSync(new URL("src/ui/kakao-sync.css", root), new URL("kakao-sync.css", pkg));
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
