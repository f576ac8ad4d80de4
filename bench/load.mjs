// Sign-ins per second and latency at a given concurrency: the full `POST /session` of
// kakao-sync-backend, the Kakao side of a sign-in against the emulator alone (the ceiling), and
// passport-kakao's callback on Express. Codes are issued before each run, outside the timing.
import { createHash, randomBytes } from "node:crypto";

export const CLIENT_ID = "kakao-sync-demo-rest-api-key";
export const CLIENT_SECRET = "kakao-sync-demo-client-secret";
export const REDIRECT_URI = "http://localhost:8080/redirect.html";
export const ORIGIN = "http://localhost:8080";
const VERIFIER = randomBytes(32).toString("base64url");
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");
const NONCE = "bench-nonce";
export const USERS = 100;
const FIRST_USER = 6_000_000_000;

async function json(response) {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/** The bench's accounts on the emulator. */
export async function addUsers(kakao) {
  for (let i = 0; i < USERS; i++) {
    const id = FIRST_USER + i;
    await json(await fetch(`${kakao}/__emulator/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id, nickname: `bench-${id}`, email: `bench-${id}@example.com` }),
    }));
  }
}

/**
 * Raises the emulator's per-account token limits (20 access tokens per 10 minutes, 30 refresh
 * tokens per hour; KOE237 beyond), which a benchmark's repeated sign-ins of a few accounts would
 * otherwise hit. Not by moving Kakao's clock: the backend refuses an id_token issued in its
 * future.
 */
export async function raiseTokenLimits(kakao) {
  await json(await fetch(`${kakao}/__emulator/limits`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ access_tokens_per_10_minutes: 1_000_000_000, refresh_tokens_per_hour: 1_000_000_000 }),
  }));
}

/** `n` codes through the consent shortcut, round-robin over the accounts; `pkce` as the module sends. */
export async function codes(kakao, n, pkce = true) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const body = { client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, user_id: FIRST_USER + (i % USERS), nonce: NONCE };
    if (pkce) body.code_challenge = CHALLENGE;
    const answer = await json(await fetch(`${kakao}/__emulator/authorize`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }));
    out.push(answer.code);
  }
  return out;
}

/** The redirect page's call. */
export const viaBackend = (backend) => async (code) => {
  const response = await fetch(`${backend}/api/kakao/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ code, codeVerifier: VERIFIER, nonce: NONCE, redirectUri: REDIRECT_URI }),
  });
  await json(response);
  if (!response.headers.get("set-cookie")) throw new Error("no session cookie");
};

/** What Kakao serves for one sign-in (the JWKS is cached by any client): token, user, terms. */
export const kakaoAlone = (kakao) => async (code) => {
  const token = await json(await fetch(`${kakao}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
      redirect_uri: REDIRECT_URI, code, code_verifier: VERIFIER,
    }),
  }));
  const auth = { authorization: `Bearer ${token.access_token}` };
  await json(await fetch(`${kakao}/v2/user/me`, { headers: auth }));
  await json(await fetch(`${kakao}/v2/user/service_terms`, { headers: auth }));
};

/** passport-kakao's callback: a 302 home with a session cookie. */
export const viaPassport = (app) => async (code) => {
  const response = await fetch(`${app}/callback?code=${encodeURIComponent(code)}`, { redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 302 || response.headers.get("location") !== "/" || !response.headers.get("set-cookie")) {
    throw new Error(`passport: ${response.status} ${response.headers.get("location")}`);
  }
};

/** Runs `once` over `jobs` with `concurrency` workers: `{perSec, p50, p99, errors}` (ms). */
export async function run(concurrency, jobs, once) {
  const latencies = [];
  let errors = 0;
  let firstError;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t = performance.now();
      try {
        await once(job);
      } catch (e) {
        errors++;
        firstError ??= e;
      }
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  if (firstError) console.error(`  ${errors} errors, first: ${firstError.message}`);
  return { perSec: jobs.length / seconds, p50: at(0.5), p99: at(0.99), errors };
}
