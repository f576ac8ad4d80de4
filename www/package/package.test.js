// The npm package as users get it: `npm pack` of pkg/, installed from the tarball into fresh
// folders, then (a) imported in Node with no `window` (server-side rendering), both `kakao-sync`
// and `kakao-sync/core`, (b) bundled by Vite into a small app that renders the button in
// Chromium, (c) loaded by a plain static page with `<script type="module">` and the custom
// elements. Run after `make pkg`.
import { execFileSync } from "node:child_process";
import { cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { build } from "vite";

import { TIMEOUT_MS, launchChromium } from "../e2e/harness.js";
import { install, pack } from "./packed.js";

const WWW = resolve(fileURLToPath(import.meta.url), "../..");
const PKG = resolve(WWW, "../pkg");
let work;
let tarball;
let browser;

/** A fresh folder with the packed tarball installed, as `npm install kakao-sync` would. */
async function installedApp(name) {
  const dir = join(work, name);
  await mkdir(dir);
  await install(dir, tarball);
  return dir;
}

/** Serves `dir` on a loopback port; `.wasm` with its MIME type, as streaming instantiation needs. */
async function serve(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
  const server = createServer(async (req, res) => {
    if (req.url === "/favicon.ico") return res.writeHead(204).end();
    const path = join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    try {
      const body = await readFile(path.endsWith("/") ? join(path, "index.html") : path);
      res.writeHead(200, { "content-type": types[extname(path) || ".html"] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  after(() => server.close());
  return `http://127.0.0.1:${server.address().port}`;
}

/**
 * Opens `url` and answers the accessible name of the login button inside the element `selector`;
 * `withWasm: false` holds every WebAssembly request, so the button must be drawn without it.
 */
async function buttonName(url, selector, { withWasm = true } = {}) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // A route never answered: the request stays pending.
  if (!withWasm) await page.route((url) => url.pathname.endsWith(".wasm"), () => {});
  try {
    await page.goto(url, { timeout: TIMEOUT_MS });
    const button = page.locator(`${selector} button`);
    await button.waitFor({ timeout: TIMEOUT_MS });
    assert.deepEqual(errors, []);
    return await button.getAttribute("aria-label") ?? (await button.innerText());
  } finally {
    await page.close();
  }
}

before(async () => {
  tarball = await pack();
  work = dirname(tarball);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test("the tarball holds the three modules, their types, the stylesheet and the licence", async () => {
  const listing = execFileSync("tar", ["-tzf", tarball])
    .toString()
    .split("\n");
  const modules = ["kakao_sync.js", "kakao_sync_bg.wasm", "kakao_sync.d.ts"];
  for (const file of [...modules, ...modules.map((f) => `core/${f}`), ...modules.map((f) => `share/${f}`), "kakao-sync.css", "jsx.d.ts", "LICENSE", "README.md", "package.json"]) {
    assert.ok(listing.includes(`package/${file}`), `${file} in ${listing.join(", ")}`);
  }
  assert.ok(!listing.includes("package/core/package.json"), "core/ is a subpath, not a second package");
  assert.ok(!listing.includes("package/share/package.json"), "share/ is a subpath, not a second package");
  // Each entry is one JS file: the glue and its snippets are bundled, so a page makes one request
  // (and one more per page role it calls later: account/, account-ui/ and login/ are loaded by
  // the entries), and elements.js is the UI's, shared by the modules with a UI.
  assert.deepEqual(listing.filter((f) => f.endsWith(".js")).sort(), [
    "package/account-ui/kakao_sync.js",
    "package/account/kakao_sync.js",
    "package/core/kakao_sync.js",
    "package/elements.js",
    "package/kakao_sync.js",
    "package/login/kakao_sync.js",
    "package/share/kakao_sync.js",
  ]);
  const manifest = JSON.parse(await readFile(join(PKG, "package.json"), "utf8"));
  assert.equal(manifest.name, "kakao-sync");
  assert.equal(manifest.module, "kakao_sync.js");
  assert.equal(manifest.types, "kakao_sync.d.ts");
  assert.deepEqual(manifest.exports["./elements"], { types: "./elements.d.ts", import: "./elements.js" });
  assert.deepEqual(manifest.exports["./core"], { types: "./core/kakao_sync.d.ts", import: "./core/kakao_sync.js" });
  assert.deepEqual(manifest.exports["./share"], { types: "./share/kakao_sync.d.ts", import: "./share/kakao_sync.js" });
  assert.equal(manifest.exports["./share/kakao_sync_bg.wasm"], "./share/kakao_sync_bg.wasm");
  assert.deepEqual(manifest.sideEffects, ["*.css"]);
  // A server's init() reads the WebAssembly by name; TSX users import the elements' types.
  assert.equal(manifest.exports["./kakao_sync_bg.wasm"], "./kakao_sync_bg.wasm");
  assert.equal(manifest.exports["./core/kakao_sync_bg.wasm"], "./core/kakao_sync_bg.wasm");
  assert.deepEqual(manifest.exports["./jsx"], { types: "./jsx.d.ts" });
});

test("Node imports it with no window: init() takes the bytes, once, and the pure helpers work during server-side rendering", async () => {
  const dir = await installedApp("ssr");
  const script = `
    import { readFileSync } from "node:fs";
    import { createRequire } from "node:module";
    const dir = createRequire(import.meta.url).resolve("kakao-sync/package.json").replace("package.json", "");
    const out = {};
    const prototypes = (C) => C === Object ? [] : [C.prototype, ...prototypes(Object.getPrototypeOf(C.prototype).constructor)];
    for (const [entry, wasm] of [["kakao-sync", "kakao_sync_bg.wasm"], ["kakao-sync/core", "core/kakao_sync_bg.wasm"]]) {
      const mod = await import(entry);
      if (typeof window !== "undefined") throw new Error("test runs without window");
      const failure = (e) => ({ name: e.name, code: e.code, message: e.message });
      const withoutBytes = await mod.default().then(() => null, failure);
      const badBytes = await mod.default({ module_or_path: new Uint8Array([0, 97, 115, 109]) }).then(() => null, failure);
      const bytes = readFileSync(dir + wasm);
      const [first, second] = [mod.default({ module_or_path: bytes }), mod.default({ module_or_path: bytes })];
      await first;
      out[entry] = {
        withoutBytes,
        badBytes: badBytes?.name,
        shared: first === second && mod.default() === first,
        exports: Object.keys(mod).sort(),
        // The class's methods, its own and those it inherits from a page role's module.
        methods: [...new Set(prototypes(mod.KakaoSync).flatMap((p) => Object.getOwnPropertyNames(p)))].sort(),
        url: mod.buildAuthorizeUrl({ clientId: "k", redirectUri: "https://app.example/cb", prompt: ["none"] }),
        app: mod.detectInAppBrowser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) KAKAOTALK 10.8.5").app,
      };
    }
    out["kakao-sync/elements"] = { exports: Object.keys(await import("kakao-sync/elements")) };
    console.log(JSON.stringify(out));`;
  const out = JSON.parse(execFileSync("node", ["--input-type=module", "-e", script], { cwd: dir }).toString());
  const shared = ["KakaoSync", "buildAuthorizeUrl", "parseRedirect", "detectInAppBrowser", "externalBrowserUrl"];
  for (const name of [...shared, "defineCustomElements"]) {
    assert.ok(out["kakao-sync"].exports.includes(name), `${name} exported`);
  }
  for (const name of shared) assert.ok(out["kakao-sync/core"].exports.includes(name), `${name} exported by core`);
  assert.ok(!out["kakao-sync/core"].exports.includes("defineCustomElements"), "core has no custom elements");
  assert.ok(out["kakao-sync/elements"].exports.includes("defineCustomElements"), "kakao-sync/elements imports with no window");
  const ui = ["renderLoginButton", "renderTermsConsent"];
  assert.deepEqual(
    out["kakao-sync/core"].methods,
    out["kakao-sync"].methods.filter((m) => !ui.includes(m)),
    "core's KakaoSync is the same but for the UI",
  );
  for (const entry of ["kakao-sync", "kakao-sync/core"]) {
    // Without a page there is nothing to fetch the WebAssembly from: a typed error says what to pass.
    assert.equal(out[entry].withoutBytes.name, "KakaoSyncError");
    assert.equal(out[entry].withoutBytes.code, "invalid_config");
    assert.match(out[entry].withoutBytes.message, /module_or_path: await readFile/);
    // A failed load is not remembered: the next call loads again, and every caller shares it.
    assert.equal(out[entry].badBytes, "CompileError");
    assert.equal(out[entry].shared, true, "concurrent and later init() calls share one load");
    assert.equal(
      out[entry].url,
      "https://kauth.kakao.com/oauth/authorize?client_id=k&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code&prompt=none",
    );
    assert.equal(out[entry].app, "kakaotalk");
  }
});

test("Vite bundles it into an app that renders the button", async () => {
  const dir = await installedApp("vite-app");
  await writeFile(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><div id="login"></div><script type="module" src="/main.js"></script>`);
  await writeFile(
    join(dir, "main.js"),
    `import init, { KakaoSync } from "kakao-sync";
     await init();
     new KakaoSync({ clientId: "k", redirectUri: location.origin + "/redirect" })
       .renderLoginButton(document.getElementById("login"), { kind: "sync", lang: "en" });`,
  );
  await build({ root: dir, logLevel: "silent", build: { outDir: "dist", target: "es2022" } });
  const assets = await readdir(join(dir, "dist", "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `a .wasm asset in ${assets.join(", ")}`);
  assert.equal(await buttonName(await serve(join(dir, "dist")), "#login"), "Start with Kakao");
});

/** A static site with the installed package copied in, one `<kakao-login-button>` and `app.js`. */
async function staticSite(name, app, attributes) {
  const dir = await installedApp(name);
  const site = join(dir, "site");
  await cp(join(dir, "node_modules", "kakao-sync"), join(site, "kakao-sync"), { recursive: true });
  await writeFile(join(site, "app.js"), app);
  await writeFile(
    join(site, "index.html"),
    `<!doctype html><meta charset="utf-8">
     <link rel="stylesheet" href="kakao-sync/kakao-sync.css">
     <kakao-login-button client-id="k" redirect-uri="https://app.example/redirect" ${attributes}></kakao-login-button>
     <script type="module" src="app.js"></script>`,
  );
  return serve(site);
}

test("a static page loads it with a module script and uses the custom elements", async () => {
  const app = `import init, { defineCustomElements } from "./kakao-sync/kakao_sync.js";\nawait init();\ndefineCustomElements();\n`;
  const url = await staticSite("static-site", app, `kind="login" lang="ko"`);
  assert.equal(await buttonName(url, "kakao-login-button"), "카카오 로그인");
});

test("a static page paints the custom elements from kakao-sync/elements before any WebAssembly loads", async () => {
  const app = `import { defineCustomElements } from "./kakao-sync/elements.js";\ndefineCustomElements();\n`;
  const url = await staticSite("static-elements", app, `kind="sync" lang="en"`);
  assert.equal(await buttonName(url, "kakao-login-button", { withWasm: false }), "Start with Kakao");
});
