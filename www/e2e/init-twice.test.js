// Two callers on one redirect page, as React StrictMode's double effect or two components make
// them: both call init() at once, then handleRedirect(). One module, one exchange, one outcome.
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { chooseAccount, clickKakaoButton, consent } from "./kakao-pages.js";

const journey = suite();

/** The redirect page's script for this journey: two independent callers of the package's entry. */
const TWO_CALLERS = `
  import init, { KakaoSync } from "/pkg/core/kakao_sync.js";
  import config from "/config.js";
  const options = { clientId: config.clientId, redirectUri: location.origin + "/redirect.html" };
  async function caller() {
    await init();
    return new KakaoSync(options).handleRedirect();
  }
  window.outcomes = Promise.allSettled([caller(), caller()]).then((results) =>
    results.map((r) => (r.status === "fulfilled" ? r.value : { rejected: r.reason?.code ?? String(r.reason) })));
`;

journey("init() twice at once and handleRedirect() from both callers: one exchange, the same outcome", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  const sessions = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/kakao/session") sessions.push(request.url());
  });
  // Kakao's 302 lands on the demo's redirect page as usual; its script is this journey's.
  await page.route((url) => url.pathname === "/redirect.js", (route) => route.fulfill({ contentType: "text/javascript", body: TWO_CALLERS }));
  await clickKakaoButton(page);
  await chooseAccount(page, stack, USERS.muzi);
  await consent(page, stack);
  await page.waitForURL("**/redirect.html**");

  const [first, second] = await page.evaluate(() => window.outcomes);
  assert.equal(first.status, "signed_in", JSON.stringify(first));
  assert.equal(first.member.kakaoId, USERS.muzi.id);
  assert.deepEqual(second, first);
  assert.equal(sessions.length, 1, "one POST /session");
});
