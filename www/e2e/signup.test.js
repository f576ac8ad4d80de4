// Journeys 1 and 2: a new user signs up with one consent screen; a cancelled consent stores nothing.
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { api, chooseAccount, clickKakaoButton, consent, navigations, onMyPage, signUp } from "./kakao-pages.js";

const journey = suite();

journey("a new user signs up through Kakao's consent screen with no form of ours", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  const visited = navigations(page);
  await signUp(page, stack, USERS.ryan);

  await page.getByTestId("welcome").waitFor();
  assert.equal(await page.getByTestId("member-nickname").textContent(), "라이언");
  assert.equal(await page.getByTestId("member-email").textContent(), "ryan@example.com (인증됨)");
  assert.equal(await page.getByTestId("member-avatar").isVisible(), true);
  // Straight from Kakao to the member's page: no sign-up form of the service in between.
  const onSite = visited.filter((url) => url.startsWith(stack.site)).map((url) => new URL(url).pathname);
  assert.deepEqual(onSite, ["/", "/redirect.html", "/mypage.html"]);
  assert.equal(await page.locator("main input:not([type=checkbox])").count(), 0);

  const { status, body } = await api(page, "/session");
  assert.equal(status, 200);
  assert.equal(body.kakaoId, USERS.ryan.id);
  assert.equal(body.nickname, "라이언");
  assert.equal(body.email, "ryan@example.com");
  assert.equal(body.emailVerified, true);

  for (const tag of ["terms_service", "terms_privacy", "terms_marketing"]) {
    assert.match(await page.getByTestId(`term-status-${tag}`).textContent(), /동의함 .*카카오 동의 화면/);
  }
  assert.equal(await page.getByTestId("channel-_ZeUTxl").textContent(), "_ZeUTxl: 친구 추가함");
});

journey("only the items ticked on the consent screen are stored, and a 19-digit id stays exact", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await clickKakaoButton(page);
  await chooseAccount(page, stack, USERS.neo);
  await consent(page, stack, [
    "scope-profile_nickname", "scope-account_email", "term-terms_service", "term-terms_privacy",
  ]);
  await onMyPage(page, USERS.neo);

  assert.equal(await page.getByTestId("member-nickname").textContent(), "네오");
  assert.equal(await page.getByTestId("member-email").textContent(), "neo@example.com (인증됨)");
  assert.equal(await page.getByTestId("member-avatar").isVisible(), false);
  const { body } = await api(page, "/session");
  assert.equal(body.kakaoId, "3891047281234567890");
  assert.equal(body.profileImageUrl, null);
  assert.equal(body.phoneNumber, null);
  assert.match(await page.getByTestId("term-status-terms_marketing").textContent(), /동의하지 않음/);
  const terms = await api(page, "/terms");
  assert.deepEqual(terms.body.map((t) => [t.tag, t.agreed]),
    [["terms_service", true], ["terms_privacy", true], ["terms_marketing", false]]);
});

journey("cancelling on the consent screen says so and stores nothing", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await clickKakaoButton(page);
  await chooseAccount(page, stack, USERS.apeach);
  await page.waitForURL(`${stack.kakao}/oauth/consent**`);
  await page.getByTestId("consent-cancel").click();

  await page.waitForURL("**/redirect.html");
  const message = page.getByTestId("redirect-message");
  await message.filter({ hasText: "취소" }).waitFor();
  assert.equal(await message.textContent(),
    "카카오 로그인을 취소했습니다. 가입하지 않았고, 아무 정보도 저장하지 않았습니다.");
  assert.equal((await api(page, "/session")).status, 401);

  // Nothing was kept: signing up now is a first sign-up, with the consent screen again.
  await clickKakaoButton(page);
  await consent(page, stack);
  await onMyPage(page, USERS.apeach);
  await page.getByTestId("welcome").waitFor();
});
