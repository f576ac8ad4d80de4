#!/usr/bin/env node
// Screenshots of every login-button variant and of the terms consent UI, in Korean and English,
// taken in headless Chromium and written to docs/: on a desktop, and on a 360-px-wide Android
// phone (the run fails if that page scrolls sideways). The gallery page is served under a strict
// Content-Security-Policy and the run fails on any violation; it also checks, with real key
// presses, that Enter and Space on a focused button start the login.
//
//   node scripts/screenshots.mjs            # builds a dev package into a temp dir first
//   node scripts/screenshots.mjs --pkg pkg  # uses an existing wasm-pack --target web build
//
// Only 127.0.0.1 is ever contacted: every other request is aborted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = createRequire(join(root, "www", "package.json"))("playwright-core");

const pkgArg = process.argv.indexOf("--pkg");
let pkg;
let tempPkg;
if (pkgArg > 0) {
  pkg = resolve(process.argv[pkgArg + 1]);
} else {
  tempPkg = mkdtempSync(join(tmpdir(), "kakao-sync-ui-pkg-"));
  pkg = tempPkg;
  execFileSync("wasm-pack", ["build", "--dev", "--target", "web", "--out-dir", pkg, "--out-name", "kakao_sync", root], {
    stdio: "inherit",
  });
}

// The stylesheet ships beside the module (the integrator copies it into pkg/); fall back to the source.
const files = {
  "/gallery.html": join(root, "scripts", "screenshots", "gallery.html"),
  "/gallery.css": join(root, "scripts", "screenshots", "gallery.css"),
  "/gallery.js": join(root, "scripts", "screenshots", "gallery.js"),
  "/pkg/kakao-sync.css": join(root, "src", "ui", "elements.css"),
};
const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".wasm": "application/wasm" };
const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
].join("; ");

const myPageTerms = (lang) => {
  const title = lang === "en"
    ? ["Terms of Service", "Collection and use of personal data", "Location terms", "Marketing messages"]
    : ["서비스 이용약관", "개인정보 수집 및 이용 동의", "위치정보 이용약관", "마케팅 정보 수신 동의"];
  return ["service", "privacy", "location", "marketing"].map((tag, i) => ({
    tag,
    title: title[i],
    url: `/terms/${tag}`,
    required: i < 2,
    agreed: i !== 2,
    revocable: i >= 2,
    agreedAt: i !== 2 ? "2026-01-05T09:00:00Z" : null,
    agreedBy: i !== 2 ? "KAUTH" : null,
  }));
};

let lang = "ko";
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const send = (status, type, body) => {
    res.writeHead(status, { "content-type": type, "content-security-policy": CSP, "cache-control": "no-store" });
    res.end(body);
  };
  if (url.pathname === "/") return send(200, "text/html", readFileSync(files["/gallery.html"]));
  if (url.pathname === "/api/kakao/terms") return send(200, "application/json", JSON.stringify(myPageTerms(lang)));
  if (url.pathname === "/oauth/authorize") return send(200, "text/html", "<!doctype html><title>authorize</title>");
  let path = files[url.pathname];
  if (!path && url.pathname.startsWith("/pkg/")) {
    path = normalize(join(pkg, url.pathname.slice(5)));
    if (!path.startsWith(pkg)) path = undefined;
  }
  try {
    send(200, types[extname(path ?? "")] ?? "application/octet-stream", readFileSync(path));
  } catch {
    send(404, "text/plain", "not found");
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 2700, height: 900 }, deviceScaleFactor: 1 });
  await context.route("**/*", (route) =>
    new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort());
  for (lang of ["ko", "en"]) {
    const page = await context.newPage();
    page.on("pageerror", (e) => failures.push(`${lang}: page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && failures.push(`${lang}: console: ${m.text()}`));
    await page.goto(`${origin}/?lang=${lang}`);
    await page.waitForFunction(() => window.__ready === true);
    await page.locator("#mypage").evaluate((el) =>
      new Promise((ok) => {
        const done = () => el.shadowRoot?.querySelector("li") && ok();
        done();
        new MutationObserver(done).observe(el.shadowRoot, { subtree: true, childList: true });
      }));
    // Real key presses: Tab onto the button shows the focus ring.
    await page.locator("#px button").focus();
    await page.keyboard.press("Tab"); // px → centre
    await page.keyboard.press("Tab"); // centre → focus (disabled is skipped)
    const focused = await page.evaluate(() => document.activeElement?.closest("#focus") !== null);
    if (!focused) failures.push(`${lang}: Tab did not reach the button`);
    await page.locator("#buttons").screenshot({ path: join(root, "docs", `buttons-${lang}.png`) });
    await page.locator("#terms").screenshot({ path: join(root, "docs", `terms-${lang}.png`) });

    const violations = await page.evaluate(() => window.__violations);
    for (const v of violations) failures.push(`${lang}: CSP: ${v}`);

    // Enter and Space on the focused button start the login: a navigation to the authorize endpoint.
    for (const key of ["Enter", "Space"]) {
      await page.goto(`${origin}/?lang=${lang}`);
      await page.waitForFunction(() => window.__ready === true);
      await page.locator("#focus button").focus();
      const [request] = await Promise.all([
        page.waitForRequest((r) => r.url().startsWith(`${origin}/oauth/authorize?`), { timeout: 5000 }),
        page.keyboard.press(key),
      ]).catch(() => [null]);
      // Let the navigation finish before the next one starts.
      if (request) await page.waitForURL((u) => u.pathname === "/oauth/authorize");
      const params = request && new URL(request.url()).searchParams;
      if (params?.get("client_id") !== "demo" || params?.get("code_challenge_method") !== "S256") {
        failures.push(`${lang}: ${key} on the focused button did not start the login`);
      }
    }
    await page.close();
  }

  const phone = await browser.newContext({
    viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    userAgent: "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) " +
      "Chrome/131.0.0.0 Mobile Safari/537.36",
  });
  await phone.route("**/*", (route) =>
    new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort());
  for (lang of ["ko", "en"]) {
    const page = await phone.newPage();
    page.on("pageerror", (e) => failures.push(`${lang} phone: page error: ${e.message}`));
    await page.goto(`${origin}/?lang=${lang}`);
    await page.waitForFunction(() => window.__ready === true);
    await page.waitForFunction(() => document.querySelector("#phone kakao-login-button").shadowRoot?.querySelector("button"));
    const { scrollWidth, clientWidth } = await page.evaluate(() =>
      ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    if (scrollWidth > clientWidth) failures.push(`${lang} phone: the page scrolls sideways (${scrollWidth} > ${clientWidth} px)`);
    await page.locator("#phone").screenshot({ path: join(root, "docs", `buttons-360-${lang}.png`) });
    await page.locator("#terms").screenshot({ path: join(root, "docs", `terms-360-${lang}.png`) });
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  if (tempPkg) rmSync(tempPkg, { recursive: true, force: true });
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("screenshots: docs/{buttons,terms}-{ko,en}.png, docs/{buttons,terms}-360-{ko,en}.png; no CSP violation; Enter and Space activate");
