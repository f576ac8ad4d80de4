// KakaoTalk messages from the page (kakao-sync/core's sendToMe): without the talk_message consent
// the call rejects with a typed consent_required naming the items, requestConsent(error) asks
// for exactly those on Kakao's consent screen, and the same call then sends the message.
import assert from "node:assert/strict";
import { APP, USERS, suite } from "./harness.js";
import { chooseAccount, clickKakaoButton, consent, onMyPage } from "./kakao-pages.js";

const journey = suite();
const PHONE = { width: 360, height: 740 };

/** `kakaoSync.sendToMe(template)` on the page: `{sent: true}` or the KakaoSyncError's fields. */
function sendToMe(page, stack) {
  return page.evaluate(async (authorizeEndpoint) => {
    const kakaoSync = await import("/pkg/core/kakao_sync.js");
    await kakaoSync.default();
    const kakao = new kakaoSync.KakaoSync({
      clientId: "kakao-sync-demo-rest-api-key",
      redirectUri: `${location.origin}/redirect.html`,
      authorizeEndpoint,
    });
    window.kakao = kakao;
    const template = {
      templateObject: { object_type: "text", text: "나에게 보내는 메모", link: { web_url: `${location.origin}/` } },
    };
    try {
      await kakao.sendToMe(template);
      return { sent: true };
    } catch (e) {
      window.refusal = e;
      return { name: e.name, code: e.code, requiredScopes: e.requiredScopes };
    }
  }, `${stack.kakao}/oauth/authorize`);
}

journey("send to me without consent → consent_required with the scopes → incremental consent → sent", async ({ stack, newContext }) => {
  await stack.control("PATCH", `/apps/${APP.clientId}`, { web_domains: [stack.site] });
  const page = await (await newContext({ viewport: PHONE })).newPage();
  await clickKakaoButton(page);
  await chooseAccount(page, stack, USERS.apeach);
  await consent(page, stack, [
    "scope-profile_nickname", "scope-account_email", "term-terms_service", "term-terms_privacy",
  ]);
  await onMyPage(page, USERS.apeach);

  const refused = await sendToMe(page, stack);
  assert.deepEqual(refused, { name: "KakaoSyncError", code: "consent_required", requiredScopes: ["talk_message"] });
  assert.equal((await stack.control("GET", "/messages")).length, 0, "nothing was sent");

  // The one call the README documents: ask for exactly the missing items.
  await page.evaluate(() => window.kakao.requestConsent(window.refusal));
  await page.waitForURL(`${stack.kakao}/oauth/consent**`);
  assert.equal(await page.getByTestId("scope-talk_message").isVisible(), true);
  assert.equal(await page.getByTestId("scope-account_email").count(), 0, "only the missing item is asked for");
  await consent(page, stack, ["scope-talk_message"]);
  await onMyPage(page, USERS.apeach);

  assert.deepEqual(await sendToMe(page, stack), { sent: true });
  const friends = await page.evaluate(() => window.kakao.friends().then(() => null, (e) => ({ code: e.code, requiredScopes: e.requiredScopes })));
  assert.deepEqual(friends, { code: "consent_required", requiredScopes: ["friends"] }, "friends() needs its own item");
  const tooMany = await page.evaluate(() =>
    window.kakao.sendToFriends(["a", "b", "c", "d", "e", "f"], { templateId: 100 }).then(() => null, (e) => ({ code: e.code, backendCode: e.backendCode })));
  assert.deepEqual(tooMany, { code: "backend_error", backendCode: "too_many_receivers" });
  const messages = await stack.control("GET", "/messages");
  assert.equal(messages.length, 1);
  assert.equal(messages[0].kind, "memo");
  assert.equal(messages[0].sender, Number(USERS.apeach.id));
  assert.equal(messages[0].template.text, "나에게 보내는 메모");
});
