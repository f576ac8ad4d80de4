// KakaoTalk easy login (카카오톡으로 간편로그인) from a phone's own browser, in Chromium at 360 px
// playing Android Chrome and iOS Safari, with the site's JavaScript key configured.
//
// Chromium cannot open an app. The test plays the phone: it catches the page's launch of
// KakaoTalk (the Android `intent:` URL as the page hands it over, and the iOS universal link to
// talk-apps.kakao.com, answered 204 here so the page stays, as it does when KakaoTalk opens) and opens the emulator's `/__emulator/kakaotalk/launch?url=…` in a second browser, as
// the phone would open KakaoTalk with that URL. The emulator then plays KakaoTalk (its signed-in
// account, Kakao Sync's consent when needed) and the page, still polling kauth's code.json,
// continues by itself.
import assert from "node:assert/strict";
import { APP, INSTAGRAM_UA, KAKAOTALK_UA, TERMS, USERS, phone, suite } from "./harness.js";
import { chooseAccount, consent, onMyPage } from "./kakao-pages.js";

const journey = suite({ config: { javascriptKey: APP.javascriptKey } });

const UNIVERSAL_LINK = "https://talk-apps.kakao.com/scheme/";

/**
 * A phone's browser at 360 px: its page, the launch URLs the page opened KakaoTalk with, and
 * every request body the page posted to the backend's `path`s.
 */
async function phonePage(newContext, name, { userAgent, talkWaitMs } = {}) {
  const context = await newContext({ ...phone(name, 360), ...(userAgent ? { userAgent } : {}) });
  const launches = [];
  // iOS opens KakaoTalk for the universal link and the page stays: a 204 keeps it in place.
  await context.route(`${UNIVERSAL_LINK}**`, (route) => {
    launches.push(route.request().url());
    return route.fulfill({ status: 204 });
  });
  if (talkWaitMs) {
    // The site configured with a shorter wait for KakaoTalk.
    await context.route("**/config.js", async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/};\s*$/, `, talkWaitMs: ${talkWaitMs} };\n`);
      return route.fulfill({ response, body });
    });
  }
  // Android hands the intent to KakaoTalk and the page stays. Chromium has no handler for an
  // `intent:` URL (an attempt leaves its input stuck), and the request never reaches the
  // network for a route to catch, so the test takes it where it leaves the page: the module's
  // cancelable `kakaosync:navigate` event, cancelled as the phone's handing-over.
  await context.exposeFunction("__intentLaunched", (url) => launches.push(url));
  await context.addInitScript(() => addEventListener("kakaosync:navigate", (event) => {
    if (!event.detail.startsWith("intent:")) return;
    event.preventDefault();
    window.__intentLaunched(event.detail);
  }));
  const page = await context.newPage();
  const posted = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === "POST" && path.startsWith("/api/kakao/session")) {
      posted.push({ path, body: request.postDataJSON() });
    }
  });
  return { context, page, launches, posted };
}

/**
 * Taps the home page's button (on `page`, default the phone's first) and waits for the launch of
 * KakaoTalk and the waiting panel.
 */
async function startEasyLogin(phonePage, name, page = phonePage.page) {
  const { launches } = phonePage;
  const before = launches.length;
  await page.goto("/");
  await page.getByTestId("login").getByRole("button").tap();
  await page.getByText("카카오톡에서 로그인을 계속해 주세요").waitFor();
  const deadline = Date.now() + 5000;
  while (launches.length === before && Date.now() < deadline) await page.waitForTimeout(50);
  const url = launches.at(-1);
  assert.ok(launches.length > before, `${name}: the page launched KakaoTalk`);
  if (name === "Android Chrome") assert.match(url, /^intent:#Intent;action=com\.kakao\.talk\.intent\.action\.CAPRI_LOGGED_IN_ACTIVITY;/);
  else assert.ok(url.startsWith(UNIVERSAL_LINK), url);
  return url;
}

/** KakaoTalk, opened with the page's launch URL on the same phone. */
async function openKakaoTalk(newContext, stack, name, url) {
  const talk = await (await newContext(phone(name, 360))).newPage();
  await talk.goto(`${stack.kakao}/__emulator/kakaotalk/launch?url=${encodeURIComponent(url)}`);
  return talk;
}

/** The code exchanges the page posted: each a Talk login's `{code, state}`, never a verifier. */
function talkExchanges(posted) {
  const exchanges = posted.filter((p) => p.path === "/api/kakao/session");
  for (const { body } of exchanges) assert.deepEqual(Object.keys(body).sort(), ["code", "state"]);
  return exchanges;
}

for (const [name, user] of [["Android Chrome", USERS.ryan], ["iOS Safari", USERS.apeach]]) {
  journey(`${name}: easy login as a new member (consent in KakaoTalk), then as a returning one`, async ({ stack, newContext }) => {
    await stack.control("POST", "/inapp-user", { user_id: Number(user.id) });
    const phone1 = await phonePage(newContext, name);
    const url = await startEasyLogin(phone1, name);
    assert.equal(phone1.posted.filter((p) => p.path === "/api/kakao/session/talk").length, 1);

    const talk = await openKakaoTalk(newContext, stack, name, url);
    await talk.getByTestId("talk-continue").tap();
    await consent(talk, stack);
    await talk.getByTestId("talk-done").waitFor();

    await onMyPage(phone1.page, user);
    await phone1.page.getByTestId("welcome").waitFor();
    assert.equal(talkExchanges(phone1.posted).length, 1);

    // Back to the redirect page: already handled, nothing posted again.
    await phone1.page.goBack();
    await phone1.page.waitForLoadState();
    assert.equal(talkExchanges(phone1.posted).length, 1);

    // Returning, in a fresh browser: KakaoTalk asks only to confirm the account.
    const phone2 = await phonePage(newContext, name);
    const again = await startEasyLogin(phone2, name);
    const talk2 = await openKakaoTalk(newContext, stack, name, again);
    await talk2.getByTestId("talk-continue").tap();
    await talk2.getByTestId("talk-done").waitFor();
    await onMyPage(phone2.page, user);
    assert.equal(await phone2.page.getByTestId("welcome").isVisible(), false);
    assert.equal(talkExchanges(phone2.posted).length, 1);
  });
}

journey("inside KakaoTalk, auto-login is unchanged: no KakaoTalk launch, a silent login", async ({ stack, newContext }) => {
  // Ryan signed up through easy login above.
  await stack.control("POST", "/inapp-user", { user_id: Number(USERS.ryan.id) });
  const inTalk = await phonePage(newContext, "Android Chrome", { userAgent: KAKAOTALK_UA });
  await inTalk.page.goto("/");
  await onMyPage(inTalk.page, USERS.ryan);
  assert.deepEqual(inTalk.launches, []);
  assert.equal(inTalk.posted.filter((p) => p.path === "/api/kakao/session/talk").length, 0);
});

journey("iOS Safari: cancel in KakaoTalk brings the button back, signed out", async ({ stack, newContext }) => {
  await stack.control("POST", "/inapp-user", { user_id: Number(USERS.muzi.id) });
  const p = await phonePage(newContext, "iOS Safari");
  const url = await startEasyLogin(p, "iOS Safari");
  const talk = await openKakaoTalk(newContext, stack, "iOS Safari", url);
  await talk.getByTestId("talk-cancel").tap();
  await talk.getByTestId("talk-cancelled").waitFor();
  await p.page.locator(".ks-wait").waitFor({ state: "detached" });
  await p.page.getByTestId("login").getByRole("button").waitFor();
  assert.equal(await p.page.getByText("카카오톡에서 로그인을 계속해 주세요").count(), 0);
  assert.equal(new URL(p.page.url()).pathname, "/");
  assert.equal(talkExchanges(p.posted).length, 0);
  const session = await p.page.request.get("/api/kakao/session");
  assert.equal(session.status(), 401);
});

journey("Android Chrome: cancel on the page and \"다른 방법으로 로그인\"", async ({ stack, newContext }) => {
  const p = await phonePage(newContext, "Android Chrome");
  await startEasyLogin(p, "Android Chrome");
  await p.page.getByRole("button", { name: "취소" }).tap();
  await p.page.locator(".ks-wait").waitFor({ state: "detached" });
  await p.page.getByTestId("login").getByRole("button").waitFor();
  await startEasyLogin(p, "Android Chrome");
  await p.page.getByRole("button", { name: "다른 방법으로 로그인" }).tap();
  await chooseAccount(p.page, stack, USERS.neo);
  await consent(p.page, stack);
  await onMyPage(p.page, USERS.neo);
  // Account login: the PKCE exchange, not a Talk login's.
  const exchanges = p.posted.filter((x) => x.path === "/api/kakao/session");
  assert.equal(exchanges.length, 1);
  assert.ok("codeVerifier" in exchanges[0].body);
});

journey("Android Chrome without KakaoTalk: the intent's fallback opens Kakao account login", async ({ stack, newContext }) => {
  await stack.control("POST", "/kakaotalk", { installed: false });
  try {
    const p = await phonePage(newContext, "Android Chrome");
    const url = await startEasyLogin(p, "Android Chrome");
    // No app handles the intent: Chrome opens its browser_fallback_url in the same tab.
    await p.page.goto(`${stack.kakao}/__emulator/kakaotalk/launch?url=${encodeURIComponent(url)}`);
    await chooseAccount(p.page, stack, USERS.ryan);
    await onMyPage(p.page, USERS.ryan);
    const exchanges = p.posted.filter((x) => x.path === "/api/kakao/session");
    assert.equal(exchanges.length, 1);
    assert.ok("codeVerifier" in exchanges[0].body, "the fallback is the page's PKCE account login");
  } finally {
    await stack.control("POST", "/kakaotalk", { installed: true });
  }
});

journey("iOS Safari: the wait times out and falls back to account login by itself", async ({ stack, newContext }) => {
  const p = await phonePage(newContext, "iOS Safari", { talkWaitMs: 2000 });
  await startEasyLogin(p, "iOS Safari");
  await p.page.waitForURL(`${stack.kakao}/accounts/login**`);
  assert.equal(talkExchanges(p.posted).length, 0);
});

journey("Android Chrome: a second tab during the wait signs in once; the first falls back, never exchanging", async ({ stack, newContext }) => {
  await stack.control("POST", "/inapp-user", { user_id: Number(USERS.apeach.id) });
  const first = await phonePage(newContext, "Android Chrome", { talkWaitMs: 4000 });
  await startEasyLogin(first, "Android Chrome");
  // The second tab of the same browser: its own page, its own Talk login.
  const second = await first.context.newPage();
  const posted = [];
  second.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/kakao/session") posted.push(request.postDataJSON());
  });
  const url = await startEasyLogin(first, "Android Chrome", second);
  assert.equal(first.launches.length, 2, "each tab launched KakaoTalk");
  assert.notEqual(first.launches[0], url);
  const talk = await openKakaoTalk(newContext, stack, "Android Chrome", url);
  await talk.getByTestId("talk-continue").tap();
  // Apeach is a member when the journeys above ran; alone, KakaoTalk asks for consent first.
  await talk.locator("[data-testid=talk-done], [data-testid=consent-submit]").first().waitFor();
  if (new URL(talk.url()).pathname === "/oauth/consent") await consent(talk, stack);
  await talk.getByTestId("talk-done").waitFor();
  await onMyPage(second, USERS.apeach);
  // The first tab's KakaoTalk login never finished: it goes to account login, once.
  await first.page.waitForURL(`${stack.kakao}/accounts/login**`);
  assert.equal(talkExchanges(first.posted).length, 0);
  assert.equal(posted.length, 1);
  assert.deepEqual(Object.keys(posted[0]).sort(), ["code", "state"]);
});

journey("iOS Safari: a reload during the wait ends it; KakaoTalk finishing later exchanges nothing", async ({ stack, newContext }) => {
  await stack.control("POST", "/inapp-user", { user_id: Number(USERS.ryan.id) });
  const p = await phonePage(newContext, "iOS Safari");
  const url = await startEasyLogin(p, "iOS Safari");
  await p.page.reload();
  await p.page.getByTestId("login").getByRole("button").waitFor();
  const talk = await openKakaoTalk(newContext, stack, "iOS Safari", url);
  await talk.getByTestId("talk-continue").tap();
  await talk.locator("[data-testid=talk-done], [data-testid=consent-submit]").first().waitFor();
  if (new URL(talk.url()).pathname === "/oauth/consent") await consent(talk, stack);
  await talk.getByTestId("talk-done").waitFor();
  // Three of the module's poll intervals: a wait still running would have picked the code up.
  await p.page.waitForTimeout(3000);
  assert.equal(new URL(p.page.url()).pathname, "/");
  assert.equal(talkExchanges(p.posted).length, 0);
  assert.equal((await p.page.request.get("/api/kakao/session")).status(), 401);
});

journey("Instagram's in-app browser goes to Kakao account login", async ({ stack, newContext }) => {
  const p = await phonePage(newContext, "iOS Safari", { userAgent: INSTAGRAM_UA });
  await p.page.goto("/");
  await p.page.getByTestId("login").getByRole("button").tap();
  await p.page.waitForURL(`${stack.kakao}/accounts/login**`);
  assert.deepEqual(p.launches, []);
  assert.equal(p.posted.filter((x) => x.path === "/api/kakao/session/talk").length, 0);
});

journey("TALK_LOGIN=off on the backend: the same page goes to Kakao account login", async ({ stack, newContext }) => {
  await stack.startBackend(TERMS, { TALK_LOGIN: "off" });
  try {
    const p = await phonePage(newContext, "Android Chrome");
    await p.page.goto("/");
    await p.page.getByTestId("login").getByRole("button").tap();
    await p.page.waitForURL(`${stack.kakao}/accounts/login**`);
    assert.deepEqual(p.launches, []);
    assert.equal(p.posted.filter((x) => x.path === "/api/kakao/session/talk").length, 1, "the page asked, and the backend said off");
  } finally {
    await stack.startBackend(TERMS);
  }
});

journey("the backend unreachable for the Talk login: the button comes back with the error", async ({ newContext }) => {
  const p = await phonePage(newContext, "iOS Safari");
  await p.page.goto("/");
  await p.page.getByTestId("login").getByRole("button").waitFor();
  // The backend goes away between the page load and the tap.
  await p.context.route("**/api/kakao/session/talk", (route) => route.abort("connectionrefused"));
  await p.page.getByTestId("login").getByRole("button").tap();
  await p.page.getByTestId("login").getByRole("button").waitFor();
  assert.equal(await p.page.locator(".ks-wait").count(), 0);
  assert.match(await p.page.locator("#error").textContent(), /\S/);
  assert.deepEqual(p.launches, []);
});

journey("the waiting state at 360 px, in Korean", async ({ newContext }) => {
  const p = await phonePage(newContext, "Android Chrome");
  await startEasyLogin(p, "Android Chrome");
  const panel = p.page.locator(".ks-wait");
  const box = await panel.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `the panel fits: ${JSON.stringify(box)}`);
  for (const button of await panel.getByRole("button").all()) {
    assert.ok((await button.boundingBox()).height >= 44);
  }
  if (process.env.KAKAO_SYNC_SCREENSHOTS) {
    await p.page.screenshot({ path: new URL("../../docs/talk-wait-360.png", import.meta.url).pathname });
  }
});


journey("kakao-sync/core's login() on a phone is Kakao Account login, and its redirect signs in", async ({ stack, newContext }) => {
  // A user of its own, so the consent screen shows whichever journeys ran before.
  const user = { id: "4200000101" };
  await stack.control("POST", "/users", { id: Number(user.id), nickname: "프로도", email: "frodo@example.com" });
  const p = await phonePage(newContext, "iOS Safari");
  await p.page.goto("/");
  // The same site options (with javascriptKey), through the entry without easy login's launch.
  const navigated = p.page.waitForURL(`${stack.kakao}/accounts/login**`);
  await p.page.evaluate(async () => {
    const { connect } = await import("/kakao.js");
    const kakao = await connect(await import("/pkg/core/kakao_sync.js"));
    await kakao.login();
  });
  await navigated;
  assert.deepEqual(p.launches, [], "no KakaoTalk launch");
  assert.equal(p.posted.filter((x) => x.path === "/api/kakao/session/talk").length, 0);
  await chooseAccount(p.page, stack, user);
  await consent(p.page, stack);
  await onMyPage(p.page, user);
  const exchanges = p.posted.filter((x) => x.path === "/api/kakao/session");
  assert.equal(exchanges.length, 1);
  assert.ok(exchanges[0].body.codeVerifier, "an account login's exchange carries its PKCE verifier");
});
