// Finishes what wasm-pack leaves in pkg/ so the package is what users expect: `elements.js`
// (`kakao-sync/elements`: the custom elements and the UI's JS, bundled once and imported by every
// module with a UI, so a page has one instance of it), each module's JS
// glue bundled with its snippets and src/js/init.js (one shared `init()`) into one minified module
// (one request instead of a waterfall of three; the .d.ts keeps the docs); for the `kakao-sync`
// and `kakao-sync/core` entries also with src/js/facade.js, whose one `KakaoSync` class loads
// the other page roles' modules (account/, account-ui/, login/, core/) at their first call, and whose
// declaration is the union of the roles' classes; wasm-bindgen's import
// names without their hashes (in the module and the glue alike), the TSX types of the
// custom elements, the stylesheet that reserves the custom elements' box, the
// licence, `core/` reduced to its module, and a package.json with ESM `module`, `exports` (`.`,
// `./elements`, `./core` and `./share`), `types`, `files` and `sideEffects` (nothing runs at import time but the CSS).
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { CORE_ROUTES, KAKAO_SYNC_ROUTES } from "../src/js/facade.js";
import { importSection, imports, replaceSection, sections } from "./wasm.mjs";

const root = new URL("../", import.meta.url);
const pkg = new URL("pkg/", root);
const fromWww = createRequire(new URL("www/package.json", root));
const { rolldown } = await import(pathToFileURL(fromWww.resolve("rolldown")));

/** `kakao-sync/elements`: the custom elements, and the UI's JS every module with a UI imports. */
const elements = new URL("elements.js", pkg);
const SHARED_UI = ["src/ui/button.js", "src/ui/dom.js", "src/ui/elements.js"];

/**
 * wasm-bindgen copies each JS module of the crate to `snippets/<crate>-<hash>/<path>`, and an
 * entry names one as `/src/...`, as `#[wasm_bindgen(module = "/src/...")]` does: both resolve to
 * the source file, so the glue and the entry share one instance of each module. In a module
 * bundled into `dir`, the UI's modules are `elements.js`, whether the glue imports them or
 * another of the crate's modules does (`./dom.js` from `src/ui/terms.js`), so a page has one
 * instance of each however many of the package's modules it loads (undefined `dir`: the bundle
 * of elements.js).
 */
const crateModules = (dir) => ({
  name: "kakao-sync-crate-modules",
  resolveId(source, importer) {
    const path = cratePath(source, importer);
    if (dir && SHARED_UI.includes(path)) return { id: relativeImport(dir, elements), external: true };
    return path && new URL(path, root).pathname;
  },
});

/** The crate's own JS, under src/. */
const crateSource = new URL("src/", root).pathname;

/**
 * The crate file (`src/....js`) that `source`, imported by `importer`, names: a snippet's or an
 * entry's `/src/...`, or a relative import from one of the crate's modules; else `undefined`.
 */
function cratePath(source, importer) {
  const named = /^(?:\.\/snippets\/[^/]+)?\/(src\/.+\.js)$/.exec(source)?.[1];
  if (named) return named;
  if (!importer?.startsWith(crateSource) || !source.startsWith(".")) return undefined;
  return relative(root.pathname, new URL(source, pathToFileURL(importer)).pathname);
}

/** How a module in `dir` imports `file`: `./file.js`, `../file.js`. */
function relativeImport(dir, file) {
  const path = relative(dir.pathname, file.pathname);
  return path.startsWith(".") ? path : `./${path}`;
}

// Another module's file stays a file of its own, loaded when its role is first called, and so
// does elements.js, which the `kakao-sync` entry re-exports (each named as imported, relative).
const external = (id) => /^\.\.?\/(?:[\w-]+\/)*(?:kakao_sync|elements)\.js$/.test(id);

/** Bundles `source` as if it sat in `dir` (where its relative imports point) into one minified module. */
async function bundle(source, dir, plugins) {
  const input = new URL(basename(source), dir);
  const copies = ["src/js/init.js", "src/js/facade.js", source].map((file) => {
    const copy = new URL(basename(file), dir);
    copyFileSync(new URL(file, root), copy);
    return copy;
  });
  const build = await rolldown({ input: input.pathname, external, logLevel: "warn", plugins });
  const { output } = await build.generate({ format: "es", minify: true });
  await build.close();
  for (const copy of copies) rmSync(copy, { force: true });
  if (output.length !== 1) throw new Error(`bundle ${input.pathname}: ${output.length} chunks`);
  return output[0].code;
}

writeFileSync(elements, await bundle("src/js/elements-entry.js", pkg, [crateModules()]));
copyFileSync(new URL("src/js/elements.d.ts", root), new URL("elements.d.ts", pkg));

/** Each module `make pkg` built: its folder, the file its bundle starts from, and for an entry
 * whose class spans modules, the methods its declaration takes from each (the facade's routes). */
const modules = [
  { dir: pkg, input: "src/js/entry.js", spans: KAKAO_SYNC_ROUTES },
  { dir: new URL("core/", pkg), input: "src/js/core-entry.js", spans: CORE_ROUTES },
  { dir: new URL("share/", pkg), input: "src/js/init.js" },
  { dir: new URL("account/", pkg), input: "src/js/init.js" },
  { dir: new URL("account-ui/", pkg), input: "src/js/init.js" },
  { dir: new URL("login/", pkg), input: "src/js/init.js" },
];

// The declarations as wasm-bindgen wrote them, before any entry's is rewritten.
const declared = new Map(modules.map((m) => [m.dir.href, readFileSync(new URL("kakao_sync.d.ts", m.dir), "utf8")]));

for (const { dir, input: source, spans = {} } of modules) {
  const module = new URL("kakao_sync.js", dir);
  const glue = new URL("glue.js", dir);
  renameSync(module, glue);
  const code = await bundle(source, dir, [crateModules(dir)]);
  const wasmPath = new URL("kakao_sync_bg.wasm", dir);
  const short = shortenImports(readFileSync(wasmPath), code);
  writeFileSync(module, short.glue);
  writeFileSync(wasmPath, short.wasm);
  for (const file of [glue, new URL("snippets/", dir)]) rmSync(file, { recursive: true, force: true });
  const types = new URL("kakao_sync.d.ts", dir);
  if (Object.keys(spans).length > 0) {
    const others = Object.entries(spans).map(([sub, methods]) => [declared.get(new URL(sub, pkg).href), methods]);
    writeFileSync(types, spanClass(declared.get(dir.href), others));
  }
  documentInit(types);
  await instantiates(module, wasmPath);
}

/**
 * `text`'s declaration of `class KakaoSync` with the methods it takes from `others` (pairs of a
 * module's declaration and the names of those methods), each with its doc comment, in
 * wasm-bindgen's order (by name): the class users see. A routed method returns a promise (the
 * facade's), which every such method already declares; the build stops if one does not.
 */
function spanClass(text, others) {
  const body = (t) => {
    const m = /^export class KakaoSync \{\n([\s\S]*?)^\}$/m.exec(t);
    if (!m) throw new Error("pkg: no `export class KakaoSync` in a module's declaration");
    return m;
  };
  // A member: its doc comment, if any, and its one-line signature.
  const members = (t) => new Map([...body(t)[1].matchAll(/(?:^ {4}\/\*\*\n(?:^ {5}\*.*\n)*?^ {5}\*\/\n)?^ {4}(\[?[\w.]+\]?)\(.*\n/gm)].map((m) => [m[1], m[0]]));
  const all = members(text);
  for (const [other, methods] of others) {
    const declares = members(other);
    for (const name of methods) {
      const member = declares.get(name);
      if (!member) throw new Error(`pkg: a routed method ${name} is not in its module's declaration`);
      if (!/\): Promise<.*>;\n$/.test(member)) throw new Error(`pkg: a routed method ${name} does not return a Promise`);
      if (all.has(name)) throw new Error(`pkg: a routed method ${name} is also the entry module's own`);
      all.set(name, member);
    }
  }
  const key = (name) => ({ free: "0", "[Symbol.dispose]": "1", constructor: "new" })[name] ?? name;
  const sorted = [...all.keys()].sort((a, b) => key(a).localeCompare(key(b)));
  const m = body(text);
  return text.slice(0, m.index) + `export class KakaoSync {\n${sorted.map((n) => all.get(n)).join("")}}` + text.slice(m.index + m[0].length);
}

/**
 * wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` (the hash keeps crates apart in
 * one link) and its modules `./kakao_sync_bg.js` and `./snippets/<crate>-<hash>/<path>`; every
 * import spells its module and name once in the module and once in the glue, and the hashes do
 * not compress: about 1.3 KB gzip of the button page, 1.1 KB of the redirect page. This renames
 * both sides alike: `__wbg_request_54511822174689a1` becomes `request` (`get`, `get2` when two
 * share a name), `./kakao_sync_bg.js` becomes `wbg`, a snippet its file's name (`dom`). A
 * snippet's own names stay: they are its exports. Each old name must occur in the glue exactly
 * where the import object spells it (a field once, a module only as an object key), or the build
 * stops rather than guess.
 */
function shortenImports(wasm, glue) {
  const section = sections(wasm).find((s) => s.name === "import");
  if (!section) return { wasm, glue };
  const entries = imports(wasm, section);
  // The rewrite re-encodes the whole section: unchanged, it must give back the same bytes.
  if (!importSection(entries).equals(wasm.subarray(section.body, section.end))) {
    throw new Error("pkg: the import section does not re-encode to itself; scripts/wasm.mjs misreads it");
  }
  const taken = new Set();
  const unique = (base) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    return name;
  };
  const bindgen = "./kakao_sync_bg.js";
  const modules = new Map([...new Set(entries.map((e) => e.module))].map((m) => [m, m === bindgen ? "wbg" : basename(m, ".js")]));
  if (new Set(modules.values()).size !== modules.size) throw new Error(`pkg: import modules ${[...modules.keys()]} would share a short name`);
  for (const e of entries) {
    if (e.module !== bindgen) continue;
    const short = unique(e.field.replace(/^__wbg_/, "").replace(/^__wbindgen_/, "").replace(/_[0-9a-f]{16}$/, ""));
    const uses = glue.match(token(e.field))?.length ?? 0;
    if (uses !== 1) throw new Error(`pkg: import ${e.field} occurs ${uses} times in the glue, not once`);
    glue = glue.replace(token(e.field), short);
    e.field = short;
  }
  for (const [long, short] of modules) {
    const quoted = new RegExp(`(["'\`])${long.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\1(:?)`, "g");
    const uses = [...glue.matchAll(quoted)];
    if (uses.length === 0 || uses.some((m) => m[2] !== ":")) throw new Error(`pkg: import module ${long} is not only an object key in the glue`);
    glue = glue.replace(quoted, `"${short}":`);
  }
  for (const e of entries) e.module = modules.get(e.module);
  return { wasm: replaceSection(wasm, section, importSection(entries)), glue };
}

/** `name` as a whole JavaScript identifier. */
function token(name) {
  return new RegExp(`(?<![\\w$])${name}(?![\\w$])`, "g");
}

/** The entry as built instantiates its module: every import the WebAssembly names, the glue provides. */
async function instantiates(module, wasmPath) {
  const { initSync } = await import(`${pathToFileURL(module.pathname)}?pkg-check`);
  initSync({ module: readFileSync(wasmPath) });
}

/** The generated declaration of `init()` says what src/js/init.js adds: one shared load, and server use. */
function documentInit(path) {
  const generated = "* If `module_or_path` is {RequestInfo} or {URL}, makes a request and";
  const text = readFileSync(path, "utf8");
  if (!text.includes(generated)) throw new Error(`${path.pathname}: init()'s doc comment changed; update scripts/pkg.mjs`);
  writeFileSync(path, text.replace(generated, `* Loads the WebAssembly module once per page: every caller, concurrent or later, shares one
* load (React StrictMode's double effect included), and a failed load can be retried.
*
* On a server (Node, no \`location\`) pass the bytes: \`init({ module_or_path: await readFile(...) })\`
* with the path of \`kakao-sync/kakao_sync_bg.wasm\`; anything else rejects with a \`KakaoSyncError\`
* (\`invalid_config\`) saying so. Until \`init()\` has resolved, nothing else of this module works.
*
${generated}`));
}

/** The folders of the modules besides the root's: subpaths of the one package. */
const subpaths = modules.filter((m) => m.dir !== pkg).map((m) => basename(m.dir.pathname));

// The other builds' own manifests, readmes, ignore files and raw-export types.
for (const sub of subpaths) {
  for (const file of ["package.json", "README.md", ".gitignore", "LICENSE", "kakao_sync_bg.wasm.d.ts"]) {
    rmSync(new URL(`${sub}/${file}`, pkg), { force: true });
  }
}

copyFileSync(new URL("src/ui/elements.css", root), new URL("kakao-sync.css", pkg));
copyFileSync(new URL("LICENSE", root), new URL("LICENSE", pkg));
copyFileSync(new URL("src/js/jsx.d.ts", root), new URL("jsx.d.ts", pkg));

const path = new URL("package.json", pkg);
const json = JSON.parse(readFileSync(path, "utf8"));
const files = new Set([...json.files.filter((f) => f !== "snippets"), "elements.js", "elements.d.ts", ...subpaths, "kakao-sync.css", "jsx.d.ts", "LICENSE", "README.md"]);
json.files = [...files];
json.module = json.main;
json.exports = {
  ".": { types: `./${json.types}`, import: `./${json.main}` },
  "./elements": { types: "./elements.d.ts", import: "./elements.js" },
  "./core": { types: `./core/${json.types}`, import: `./core/${json.main}` },
  "./share": { types: `./share/${json.types}`, import: `./share/${json.main}` },
  // The WebAssembly itself, for a server's init({ module_or_path: bytes }) and for preloading.
  "./kakao_sync_bg.wasm": "./kakao_sync_bg.wasm",
  "./core/kakao_sync_bg.wasm": "./core/kakao_sync_bg.wasm",
  "./share/kakao_sync_bg.wasm": "./share/kakao_sync_bg.wasm",
  // Types only: the custom elements in TSX.
  "./jsx": { types: "./jsx.d.ts" },
  "./kakao-sync.css": "./kakao-sync.css",
  "./package.json": "./package.json",
};
json.sideEffects = ["*.css"];
json.keywords = ["kakao", "kakao-login", "kakao-sync", "oauth", "oidc", "webassembly"];
writeFileSync(path, JSON.stringify(json, null, 2) + "\n");
