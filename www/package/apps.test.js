// The packed package in the apps most of its users write, under their own tools: a Vite + React
// app in StrictMode under Vite's dev server, and a Next.js App Router app through `next build`
// (with its type check and prerendering), `next start` and `next dev`. Each walks the journey in
// Chromium against the emulator and the backend: button → Kakao's pages → the redirect page →
// signed in, with one POST /session and no page error.
//
// React, Next.js and Vite come from www/node_modules (pinned in www/package.json): each app is
// copied into a folder under www/package/ and only the tarball is installed into it.
import { spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createServer } from "vite";

import { APP, Stack, TIMEOUT_MS, USERS, freePort, launchChromium } from "../e2e/harness.js";
import { chooseAccount, consent } from "../e2e/kakao-pages.js";
import { install, pack } from "./packed.js";

const HERE = resolve(fileURLToPath(import.meta.url), "..");
const NEXT = resolve(HERE, "../node_modules/next/dist/bin/next");
/** A cold `next build` on a 2-core machine takes about a minute; leave room. */
const BUILD_TIMEOUT_MS = 240_000;

let tarball;
let stack;
let browser;
const ports = {};
/** What the file's `after` undoes, servers before the folders they serve from. */
const servers = [];
const folders = [];

/** A copy of the app `name` with the tarball installed, removed after the file's tests. */
async function app(name) {
  const dir = await mkdtemp(join(HERE, `run-${name}-`));
  folders.push(dir);
  await cp(join(HERE, "apps", name), dir, { recursive: true });
  await install(dir, tarball);
  return dir;
}

/** What the apps read from the environment: the backend to proxy to, the emulator's Kakao. */
function appEnv() {
  return {
    KAKAO_SYNC_BACKEND: `http://localhost:${stack.port}`,
    VITE_KAKAO_CLIENT_ID: APP.clientId,
    VITE_KAKAO_AUTHORIZE_ENDPOINT: `${stack.kakao}/oauth/authorize`,
    NEXT_PUBLIC_KAKAO_CLIENT_ID: APP.clientId,
    NEXT_PUBLIC_KAKAO_AUTHORIZE_ENDPOINT: `${stack.kakao}/oauth/authorize`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** Runs `next <args>` in `dir`; for a server, resolves once `url` answers, and stops it after the tests. */
function next(dir, args, url) {
  // Next.js sets NODE_ENV itself per command; Vite's dev server, earlier in this process, set it too.
  const { NODE_ENV: _, ...env } = process.env;
  const child = spawn(process.execPath, [NEXT, ...args], {
    cwd: dir,
    env: { ...env, ...appEnv() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => { output = (output + chunk).slice(-20_000); });
  const exited = new Promise((ok) => child.on("exit", (code) => ok(code)));
  if (!url) {
    return exited.then((code) => assert.equal(code, 0, `next ${args.join(" ")}:\n${output}`));
  }
  servers.push(async () => {
    child.kill("SIGTERM");
    await exited;
  });
  return (async () => {
    const deadline = Date.now() + BUILD_TIMEOUT_MS;
    while (Date.now() < deadline && child.exitCode === null) {
      const answered = await fetch(url, { signal: AbortSignal.timeout(BUILD_TIMEOUT_MS) }).then((r) => r.ok, () => false);
      if (answered) return;
      await new Promise((ok) => setTimeout(ok, 250));
    }
    throw new Error(`next ${args.join(" ")} did not serve ${url}:\n${output}`);
  })();
}

/** The journey a person takes in the app at `origin`, as `user`: answers what the redirect page said. */
async function signUp(origin, user) {
  const context = await browser.newContext();
  context.setDefaultTimeout(TIMEOUT_MS);
  // A dev server compiles a route on its first visit: navigations get the build's time.
  context.setDefaultNavigationTimeout(BUILD_TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  const sessions = [];
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    // The apps have no favicon: the browser's request for one is not the page's error.
    if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico")) {
      problems.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/kakao/session") sessions.push(request.url());
  });
  try {
    await page.goto(`${origin}/`);
    await page.getByTestId("login").getByRole("button").click({ timeout: BUILD_TIMEOUT_MS });
    await chooseAccount(page, stack, user);
    await consent(page, stack);
    await page.waitForURL(`${origin}/redirect**`);
    const outcome = page.getByTestId("outcome");
    await outcome.filter({ hasNotText: "로그인 중" }).waitFor({ timeout: BUILD_TIMEOUT_MS });
    const said = await outcome.textContent();
    const home = await fetchText(`${origin}/`);
    assert.deepEqual(problems, []);
    assert.equal(sessions.length, 1, "one POST /session");
    return { said, home };
  } finally {
    await context.close();
  }
}

async function fetchText(url) {
  return (await fetch(url, { signal: AbortSignal.timeout(BUILD_TIMEOUT_MS) })).text();
}

before(async () => {
  for (const name of ["vite", "nextStart", "nextDev"]) ports[name] = await freePort();
  tarball = await pack();
  stack = await Stack.start({
    redirectUris: Object.values(ports).map((port) => `http://localhost:${port}/redirect`),
  });
  browser = await launchChromium();
});

after(async () => {
  for (const stop of servers) await stop();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
  await browser?.close();
  await stack?.stop();
  if (tarball) await rm(resolve(tarball, ".."), { recursive: true, force: true });
});

test("Vite + React in StrictMode, under Vite's dev server", { timeout: 2 * BUILD_TIMEOUT_MS }, async () => {
  const dir = await app("vite-react");
  Object.assign(process.env, appEnv());
  const server = await createServer({
    root: dir,
    configFile: join(dir, "vite.config.js"),
    logLevel: "silent",
    server: { host: "localhost", port: ports.vite, strictPort: true },
  });
  servers.push(() => server.close());
  await server.listen();
  const { said } = await signUp(`http://localhost:${ports.vite}`, USERS.ryan);
  assert.equal(said, `signed_in: ${USERS.ryan.nickname}`);
});

test("Next.js App Router: next build (types, prerendering), next start, next dev", { timeout: 4 * BUILD_TIMEOUT_MS }, async (t) => {
  const dir = await app("next");
  await t.test("next build type-checks and prerenders the Server Component that uses the module", async () => {
    await next(dir, ["build"]);
  });
  await t.test("next start: the journey", async () => {
    const origin = `http://localhost:${ports.nextStart}`;
    await next(dir, ["start", "--port", String(ports.nextStart)], `${origin}/`);
    const { said, home } = await signUp(origin, USERS.apeach);
    assert.equal(said, `signed_in: ${USERS.apeach.nickname}`);
    assert.match(home, /client_id=server-rendered/, "the authorize URL built on the server");
  });
  await t.test("next dev (StrictMode, on-demand compiles): the journey", async () => {
    const origin = `http://localhost:${ports.nextDev}`;
    await next(await app("next"), ["dev", "--port", String(ports.nextDev)], `${origin}/`);
    const { said, home } = await signUp(origin, USERS.muzi);
    assert.equal(said, `signed_in: ${USERS.muzi.nickname}`);
    assert.match(home, /client_id=server-rendered/, "the authorize URL built by a Server Component");
  });
});
