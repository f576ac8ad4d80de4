// What every journey needs: its own emulator and backend on free loopback ports with a fresh
// SQLite file, the site served by the backend, a headless Chromium, and a trace when a test
// fails. Nothing here reaches into the programs: they are driven through their real HTTP APIs.
//
// Run: scripts/e2e.sh (builds the binaries), or `node --test www/e2e/` with the binaries in
// KAKAO_SYNC_BIN_DIR (default target/debug) and pkg/ built.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

const WWW = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(WWW, "..");
const BIN_DIR = process.env.KAKAO_SYNC_BIN_DIR ?? join(ROOT, "target", "debug");
const RESULTS = join(WWW, "test-results");

/** Every wait is bounded: a test that hangs fails with a trace instead. */
export const TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT_MS = 90_000;

/** The default fixture's app, as the emulator README lists it. */
export const APP = {
  appId: "1234567",
  clientId: "kakao-sync-demo-rest-api-key",
  clientSecret: "kakao-sync-demo-client-secret",
  adminKey: "kakao-sync-demo-admin-key",
  javascriptKey: "kakao-sync-demo-javascript-key",
};

/** The default fixture's accounts. */
export const USERS = {
  ryan: { id: "4200000001", nickname: "라이언", email: "ryan@example.com" },
  apeach: { id: "4200000002", nickname: "어피치", email: "apeach@example.com" },
  muzi: { id: "4200000003", nickname: "무지", email: "muzi@example.com" },
  neo: { id: "3891047281234567890", nickname: "네오", email: "neo@example.com" },
};

/** The backend's terms catalogue, matching the fixture's service terms. */
export const TERMS = [
  { tag: "terms_service", title: "서비스 이용약관", url: "https://example.com/terms", required: true },
  { tag: "terms_privacy", title: "개인정보 수집 및 이용", url: "https://example.com/privacy", required: true },
  { tag: "terms_marketing", title: "마케팅 정보 수신", required: false },
];

/** What the service's chatbot skill settings send in `X-Skill-Secret` (`CHATBOT_SKILL_SECRET`). */
export const SKILL_SECRET = "e2e-skill-secret";

export const KAKAOTALK_UA =
  "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) " +
  "Chrome/130.0.0.0 Mobile Safari/537.36 KAKAOTALK/25.9.0 (INAPP)";

/** Phone browsers as they introduce themselves: Chrome on Android, Safari on iOS. */
export const PHONES = {
  "Android Chrome": {
    userAgent: "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) " +
      "Chrome/131.0.0.0 Mobile Safari/537.36",
    deviceScaleFactor: 3,
  },
  "iOS Safari": {
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 " +
      "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    deviceScaleFactor: 3,
  },
};

/** Instagram's in-app browser on an iPhone. */
export const INSTAGRAM_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
  "Mobile/15E148 Instagram 330.0.3.12.92 (iPhone14,5; iOS 17_4_1; ko_KR; ko; scale=3.00; 1170x2532; 597418011)";

/** A browser context's options for the phone `name` of {@link PHONES}, `width` px wide. */
export function phone(name, width) {
  return { ...PHONES[name], viewport: { width, height: 740 }, isMobile: true, hasTouch: true };
}

/** A free loopback port, for a server to listen on. */
export async function freePort() {
  const server = createServer();
  await new Promise((ok, fail) => server.listen(0, "127.0.0.1", ok).on("error", fail));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

// Children still running when this test process ends, however it ends, are killed with it.
const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => process.exit(128 + (signal === "SIGINT" ? 2 : 15)));
}

/** A child process whose output is kept for the failure message. */
class Child {
  constructor(name, args, env) {
    this.name = name;
    this.output = "";
    this.process = spawn(join(BIN_DIR, name), args, {
      env: { PATH: process.env.PATH, RUST_LOG: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(this.process);
    this.exited = new Promise((ok) => this.process.on("exit", (code, signal) => {
      running.delete(this.process);
      ok({ code, signal });
    }));
    this.process.on("error", (e) => { this.output += `spawn failed: ${e.message}\n`; });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream.on("data", (chunk) => { this.output = (this.output + chunk).slice(-20_000); });
    }
  }

  async ready(url) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let exited = false;
    this.exited.then(() => { exited = true; });
    while (Date.now() < deadline && !exited) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((ok) => setTimeout(ok, 50));
    }
    await this.stop();
    throw new Error(`${this.name} did not start (${url}); binaries from ${BIN_DIR}:\n${this.output}`);
  }

  async stop() {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill("SIGTERM");
    const timer = setTimeout(() => this.process.kill("SIGKILL"), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * One emulator, one backend serving the site, one SQLite file. The site is www/ (by symlink,
 * so it is the code under test) with pkg/ beside it and a config.js for these ports.
 */
export class Stack {
  /**
   * `redirectUris`: more registered redirect URIs, for apps served elsewhere (their own dev
   * servers). `config`: more of the site's config.js (KakaoSync options such as `throughTalk`).
   * `backendEnv`: more environment variables for the backend (e.g. KAKAO_CHANNEL_PUBLIC_IDS).
   */
  static async start({ terms = TERMS, redirectUris = [], config = {}, backendEnv = {} } = {}) {
    const stack = new Stack();
    stack.dir = await mkdtemp(join(tmpdir(), "kakao-sync-e2e-"));
    stack.redirectUris = redirectUris;
    stack.config = config;
    stack.backendEnv = backendEnv;
    try {
      await stack.#start(terms);
    } catch (e) {
      await stack.stop();
      throw e;
    }
    return stack;
  }

  async #start(terms) {
    const emulatorPort = await freePort();
    // Kakao and the service are different sites, as in production: the emulator on
    // 127.0.0.1, the site on localhost.
    this.kakao = `http://127.0.0.1:${emulatorPort}`;
    this.emulator = new Child("kakao-sync-emulator", [
      "--port", String(emulatorPort), "--issuer", this.kakao,
    ]);
    await this.emulator.ready(`${this.kakao}/.well-known/openid-configuration`);

    this.port = await freePort();
    this.site = `http://localhost:${this.port}`;
    // The sync plugin's redirect route and the chatbot's skill route, as a service with a
    // chatbot registers them.
    this.pluginRedirectUri = `${this.site}/api/kakao/plugin/sync/redirect`;
    await this.control("PATCH", `/apps/${APP.clientId}`, {
      redirect_uris: [`${this.site}/redirect.html`, this.pluginRedirectUri, ...this.redirectUris],
      chatbot: {
        plugin_redirect_uri: this.pluginRedirectUri,
        skill_url: `${this.site}/api/kakao/chatbot/skill`,
        skill_headers: { "X-Skill-Secret": SKILL_SECRET },
      },
      logout_redirect_uris: [`${this.site}/`],
      // The site may read KakaoTalk easy login's code.json, as a JavaScript SDK domain.
      javascript_sdk_domains: [this.site],
      unlink_webhook: { url: `${this.site}/api/kakao/webhooks/unlink`, method: "POST" },
    });

    const siteDir = join(this.dir, "site");
    await mkdir(siteDir);
    for (const name of await readdir(WWW)) {
      if (/\.(html|js|css)$/.test(name) && name !== "config.js") {
        await symlink(join(WWW, name), join(siteDir, name));
      }
    }
    await symlink(join(ROOT, "pkg"), join(siteDir, "pkg"));
    await writeFile(join(siteDir, "config.js"), `export default ${JSON.stringify({
      clientId: APP.clientId,
      authorizeEndpoint: `${this.kakao}/oauth/authorize`,
      javascriptKey: APP.javascriptKey,
      // The emulator's stand-in for Kakao's SDK, at the path of Kakao's CDN.
      kakaoSdkUrl: `${this.kakao}/kakao_js_sdk/2.7.1/kakao.min.js`,
      ...this.config,
    })};\n`);
    this.siteDir = siteDir;
    this.database = join(this.dir, "members.sqlite");
    // One key for the database's life: a restarted backend opens what the last one sealed.
    this.tokenKey = `e2e:${randomBytes(32).toString("base64")}`;
    await this.startBackend(terms);
  }

  /**
   * (Re)starts the backend on the same port and database, e.g. with a new terms catalogue;
   * `env`: more of its settings (`TALK_LOGIN: "off"`).
   */
  async startBackend(terms, env = {}) {
    await this.backend?.stop();
    this.backend = new Child("kakao-sync-backend", [
      "--static", this.siteDir, "--port", String(this.port),
    ], {
      KAKAO_AUTH_URL: this.kakao,
      KAKAO_API_URL: this.kakao,
      KAKAO_REST_API_KEY: APP.clientId,
      KAKAO_CLIENT_SECRET: APP.clientSecret,
      KAKAO_ADMIN_KEY: APP.adminKey,
      KAKAO_APP_ID: APP.appId,
      KAKAO_REDIRECT_URIS: [`${this.site}/redirect.html`, ...this.redirectUris].join(","),
      KAKAO_LOGOUT_REDIRECT_URI: `${this.site}/`,
      KAKAO_TERMS: JSON.stringify(terms),
      DATABASE_URL: `sqlite://${this.database}?mode=rwc`,
      TOKEN_KEY: this.tokenKey,
      // Every journey's browser signs in from this machine's loopback address.
      RATE_LIMIT_SESSION_PER_MINUTE: "0",
      SYNC_PLUGIN_REDIRECT_URI: this.pluginRedirectUri,
      SYNC_PLUGIN_CONTINUE_ORIGINS: this.kakao,
      CHATBOT_SKILL_SECRET: SKILL_SECRET,
      ...this.backendEnv,
      ...env,
    });
    await this.backend.ready(`http://127.0.0.1:${this.port}/api/kakao/healthz`);
  }

  /** A call to the emulator's control API (`/__emulator/…`); answers the parsed JSON body. */
  async control(method, path, body) {
    const response = await fetch(`${this.kakao}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /__emulator${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** How many calls to the Kakao endpoint `path` succeeded, from the emulator's request log. */
  async kakaoCalls(path) {
    const log = await this.control("GET", "/requests");
    return log.filter((entry) => entry.path === path && entry.status === 200).length;
  }

  async stop() {
    await this.backend?.stop();
    await this.emulator?.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Output of both programs, for a failure message. */
  logs() {
    return `--- emulator\n${this.emulator?.output}\n--- backend\n${this.backend?.output}`;
  }
}

/**
 * A suite: one stack and one browser for the file, a fresh browser context per test (and per
 * `newContext` call), with a trace saved under www/test-results/ when the test fails.
 */
/** Debian's Chromium, headless, with no background traffic (this machine has no network). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    timeout: START_TIMEOUT_MS,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--no-first-run",
    ],
  });
}

export function suite(options = {}) {
  const shared = {};
  before(async () => {
    shared.stack = await Stack.start(options);
    shared.browser = await launchChromium();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.stack?.stop();
  });

  return (name, body) => test(name, { timeout: TEST_TIMEOUT_MS }, async () => {
    const contexts = [];
    // Uncaught errors and CSP violations fail a journey even when every step worked.
    const problems = [];
    const newContext = async (contextOptions = {}) => {
      const context = await shared.browser.newContext({ baseURL: shared.stack.site, ...contextOptions });
      context.on("page", (page) => {
        page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
        page.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
        });
      });
      context.setDefaultTimeout(TIMEOUT_MS);
      context.setDefaultNavigationTimeout(TIMEOUT_MS);
      await context.tracing.start({ screenshots: true, snapshots: true });
      contexts.push(context);
      return context;
    };
    let failure;
    try {
      await body({ stack: shared.stack, newContext });
      if (problems.length > 0) throw new Error(`the pages reported errors:\n${problems.join("\n")}`);
    } catch (e) {
      failure = e;
    }
    const slug = name.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 80);
    for (const [i, context] of contexts.entries()) {
      const path = failure ? join(RESULTS, `${slug}-${i}.zip`) : undefined;
      await context.tracing.stop({ path }).catch(() => {});
      await context.close().catch(() => {});
    }
    if (failure) {
      failure.message += `\ntrace: ${join(RESULTS, `${slug}-*.zip`)}\n${shared.stack.logs()}`;
      throw failure;
    }
  });
}
