#!/usr/bin/env node
// `make bench` (after `make pkg` and scripts/bench.sh's server build): what a page downloads
// beside the peers and Kakao's own JavaScript SDK, what a page costs in headless Chromium, sign-ins per second of the backend
// against the emulator on loopback beside the emulator alone and passport-kakao, and peak
// memory. A benchmark, not a test: it prints a table and writes bench/results.md.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { measureSizes, sizeSection } from "../bench/size.mjs";
import { cpuSeconds, freePort, peakRss, start, stop } from "../bench/servers.mjs";
import { USERS, addUsers, codes, kakaoAlone, raiseTokenLimits, run, viaBackend, viaPassport } from "../bench/load.mjs";
import { measurePages } from "../bench/page.mjs";

const root = new URL("..", import.meta.url).pathname;
const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
const bin = (name) => join(target, "server", name);
const LEVELS = [1, 16, 64];
/** Sign-ins per run: enough for a stable p99 at each concurrency, at most Kakao's 20 tokens per account. */
const SIGN_INS = Math.min(Number(process.env.BENCH_SIGN_INS ?? 1000), 20 * USERS);
const TERMS = JSON.stringify([
  { tag: "terms_service", title: "Terms of service", required: true },
  { tag: "terms_privacy", title: "Privacy", required: true },
  { tag: "terms_marketing", title: "Marketing", required: false },
]);

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const ms = (x) => `${x.toFixed(1)} ms`;
/** A page's paint against the static baseline's: the difference and the ratio. */
const versusBaseline = (row, baseline) => {
  if (row === baseline || !row.what.includes("painted")) return "";
  return `+${(row.median - baseline.median).toFixed(1)} ms, ${(row.median / baseline.median).toFixed(2)}×`;
};
const table = (head, rows) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

async function servers(work) {
  const dir = mkdtempSync(join(tmpdir(), "kakao-sync-bench-"));
  const started = [];
  try {
    const kakaoPort = await freePort();
    const kakao = `http://127.0.0.1:${kakaoPort}`;
    started.push(await start(bin("kakao-sync-emulator"), ["--port", String(kakaoPort)], process.env, `${kakao}/__emulator/apps`));
    await addUsers(kakao);
    await raiseTokenLimits(kakao);
    const backendPort = await freePort();
    const backend = `http://127.0.0.1:${backendPort}`;
    // The backend also serves the bench's pages; their redirect URI is registered beside the demo's.
    const site = `http://localhost:${backendPort}`;
    const redirectUris = ["http://localhost:8080/redirect.html", `${site}/redirect.html`];
    const patched = await fetch(`${kakao}/__emulator/apps/kakao-sync-demo-rest-api-key`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ redirect_uris: redirectUris }),
    });
    if (!patched.ok) throw new Error(`emulator app patch: ${patched.status}`);
    const env = {
      PATH: process.env.PATH,
      KAKAO_AUTH_URL: kakao, KAKAO_API_URL: kakao,
      KAKAO_REST_API_KEY: "kakao-sync-demo-rest-api-key", KAKAO_CLIENT_SECRET: "kakao-sync-demo-client-secret",
      KAKAO_ADMIN_KEY: "kakao-sync-demo-admin-key", KAKAO_APP_ID: "1234567",
      KAKAO_REDIRECT_URIS: redirectUris.join(","), KAKAO_TERMS: TERMS,
      DATABASE_URL: `sqlite://${join(dir, "bench.sqlite")}`, RUST_LOG: "warn",
      TOKEN_KEY: `bench:${randomBytes(32).toString("base64")}`,
      // Every simulated browser comes from this machine's loopback address.
      RATE_LIMIT_SESSION_PER_MINUTE: "0", MAX_CONNECTIONS_PER_CLIENT: "1024",
    };
    const args = ["--port", String(backendPort), "--static", join(root, "bench/pages"), "--static", `/pkg=${join(root, "pkg")}`];
    started.push(await start(bin("kakao-sync-backend"), args, env, `${backend}/api/kakao/healthz`));
    const appPort = await freePort();
    const app = `http://127.0.0.1:${appPort}`;
    started.push(await start(process.execPath, [join(root, "bench/passport-app.cjs"), String(appPort)],
      { ...process.env, KAKAO_BASE: kakao, NODE_ENV: "production" }, `${app}/healthz`));
    return await work({ kakao, backend, site, app, processes: started });
  } finally {
    started.forEach(stop);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function signIns({ kakao, backend, site, app, processes: [emulator, backendProcess, passport] }) {
  // Each journey with the servers whose CPU time it spends, read from /proc around its runs.
  const journeys = [
    ["kakao-sync-backend POST /session", viaBackend(backend), true,
      [["kakao-sync-backend", backendProcess], ["emulator", emulator]]],
    ["emulator alone (token + user + terms)", kakaoAlone(kakao), true, [["emulator", emulator]]],
    ["passport-kakao on Express (token + user + session)", viaPassport(app), false,
      [["passport-kakao on Express", passport], ["emulator", emulator]]],
  ];
  const rows = [];
  const cpu = [];
  for (const [what, once, pkce, servers] of journeys) {
    await run(1, await codes(kakao, 20, pkce), once); // warm-up: connections, JWKS cache, JIT
    let measured = 0;
    let spent = servers.map(() => 0);
    for (const concurrency of LEVELS) {
      const jobs = await codes(kakao, SIGN_INS, pkce);
      // Code issuance is the emulator's work too, so it stays outside the CPU reading.
      const before = servers.map(([, p]) => cpuSeconds(p));
      const r = await run(concurrency, jobs, once);
      spent = servers.map(([, p], i) => spent[i] + cpuSeconds(p) - before[i]);
      measured += jobs.length;
      rows.push({ what, concurrency, ...r });
      console.error(`${what} c=${concurrency}: ${r.perSec.toFixed(0)}/s p50 ${ms(r.p50)} p99 ${ms(r.p99)} errors ${r.errors}`);
    }
    servers.forEach(([server], i) => cpu.push({ what, server, msPerSignIn: (spent[i] * 1000) / measured }));
  }
  const memory = [
    ["kakao-sync-backend (peak RSS under the load above)", peakRss(backendProcess)],
    ["kakao-sync-emulator (peak RSS)", peakRss(emulator)],
    ["passport-kakao on Express (peak RSS)", peakRss(passport)],
  ];
  const pages = await measurePages({ site, kakao });
  return { rows, cpu, memory, pages };
}

const sizes = await measureSizes(root);
const { rows, cpu, memory, pages } = await servers(signIns);
const cpuOf = (server) => cpu.find((c) => c.server === server).msPerSignIn;

const ours = (c) => rows.find((r) => r.what.startsWith("kakao-sync") && r.concurrency === c);
const theirs = (c) => rows.find((r) => r.what.startsWith("passport") && r.concurrency === c);
const report = [
  `# kakao-sync benchmark`,
  ``,
  `${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}. ` +
    `Servers built with \`cargo build --profile server\`; everything on loopback, one run, ${SIGN_INS} sign-ins per row.`,
  ``,
  sizeSection(sizes),
  `## Page cost in headless Chromium (median of ${pages.loads} cold loads, the pages in turn)`,
  ``,
  table(["page", "median", "vs the static baseline", "JS heap", "wasm memory", "layout shift"], pages.rows.map((r) => [r.what, ms(r.median), versusBaseline(r, pages.rows[0]), r.heap ? mb(r.heap) : "", r.wasm ? mb(r.wasm) : "", r.shift === undefined ? "" : r.shift.toFixed(3)])),
  ``,
  `## Sign-ins against the emulator`,
  ``,
  table(["journey", "clients", "sign-ins/s", "p50", "p99", "errors"],
    rows.map((r) => [r.what, r.concurrency, r.perSec.toFixed(0), ms(r.p50), ms(r.p99), r.errors])),
  ``,
  `kakao-sync-backend ÷ passport-kakao, sign-ins/s: ` +
    LEVELS.map((c) => `${(ours(c).perSec / theirs(c).perSec).toFixed(2)}× at ${c}`).join(", ") +
    `. passport-kakao does less per sign-in: no PKCE, no id_token check, no service terms, no database write.`,
  ``,
  `## CPU time per sign-in`,
  ``,
  `User + system CPU time of each server process (from \`/proc/<pid>/stat\`) over the runs above, divided by their sign-ins: ` +
    `unlike sign-ins per second, it does not depend on how the processes share the cores.`,
  ``,
  table(["journey", "server", "CPU per sign-in"], cpu.map((c) => [c.what, c.server, `${c.msPerSignIn.toFixed(2)} ms`])),
  ``,
  `kakao-sync-backend ÷ passport-kakao, CPU per sign-in: ` +
    `${(cpuOf("kakao-sync-backend") / cpuOf("passport-kakao on Express")).toFixed(2)}×.`,
  ``,
  `## Memory`,
  ``,
  table(["process", "peak RSS"], memory.map(([what, b]) => [what, mb(b)])),
  ``,
].join("\n");
writeFileSync(join(root, "bench/results.md"), report);
console.log(report);
