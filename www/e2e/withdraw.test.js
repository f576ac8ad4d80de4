// Journeys 8 and 9: withdrawal on my page, and the user unlinking the service in their Kakao
// Account settings (the unlink webhook). Either way the member's data is gone and the next
// sign-in is a fresh sign-up.
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { api, clickKakaoButton, consent, onMyPage, signUp } from "./kakao-pages.js";

const journey = suite();

/** Wording that would read as creating or deleting the Kakao Account itself. */
const KAKAO_ACCOUNT_CHANGE = /카카오\s?계정(을|이|에서)?\s?(삭제|탈퇴|해지|만들|생성|가입)/;

/**
 * Signing in again goes through the consent screen and lands as a new member: the backend
 * answered `isNewMember` (the redirect page sends it to `?welcome=1`) and the stored member is
 * not the old one (its creation time is not earlier; both can fall in the same second).
 */
async function signsUpAfresh(page, stack, user, first) {
  await clickKakaoButton(page);
  await consent(page, stack);
  await onMyPage(page, user);
  await page.getByTestId("welcome").waitFor();
  assert.equal(new URL(page.url()).searchParams.get("welcome"), "1");
  const member = (await api(page, "/session")).body;
  assert.equal(member.kakaoId, first.kakaoId);
  assert.ok(member.createdAt >= first.createdAt, `${member.createdAt} < ${first.createdAt}`);
}

journey("withdrawal unlinks at Kakao and deletes the member; the next sign-in is a fresh sign-up", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await signUp(page, stack, USERS.muzi);
  assert.equal(await page.getByTestId("member-email").textContent(), "muzi@example.com (인증 안 됨)");
  const first = (await api(page, "/session")).body;
  const unlinks = await stack.kakaoCalls("/v1/user/unlink");

  await page.getByTestId("withdraw").click();
  const confirm = page.getByTestId("withdraw-confirm");
  assert.match(await confirm.textContent(), /카카오계정은 그대로 유지됩니다/);
  // Kakao's checklist: withdrawing from the service never reads as deleting the Kakao Account.
  assert.doesNotMatch(await page.locator("main").innerText(), KAKAO_ACCOUNT_CHANGE);
  await page.getByTestId("withdraw-yes").click();
  await page.waitForURL("**/?done=withdrawn");
  await page.getByTestId("home-notice").filter({ hasText: "탈퇴가 완료되었습니다" }).waitFor();
  assert.doesNotMatch(await page.locator("main").innerText(), KAKAO_ACCOUNT_CHANGE);
  assert.equal((await api(page, "/session")).status, 401);
  assert.equal(await stack.kakaoCalls("/v1/user/unlink"), unlinks + 1);

  await signsUpAfresh(page, stack, USERS.muzi, first);
});

journey("unlinking in the Kakao Account settings deletes the member and ends their open session", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await signUp(page, stack, USERS.ryan);
  const first = (await api(page, "/session")).body;
  // My page has drawn the terms panel (its terms load after the member) before Kakao unlinks.
  await page.getByTestId("terms-panel").getByLabel("마케팅 정보 수신").waitFor();

  const unlink = await stack.control("POST", `/users/${USERS.ryan.id}/unlink`, {});
  assert.equal(unlink.webhook.status, 200);

  // The page is still open: its next action finds the session gone.
  await page.getByTestId("terms-panel").getByLabel("마케팅 정보 수신").uncheck();
  await page.getByTestId("terms-panel").getByRole("button", { name: "저장하기" }).click();
  await page.getByTestId("signin-needed").waitFor();
  assert.equal(await page.getByTestId("member-profile").isVisible(), false);
  await page.reload();
  await page.getByTestId("signin-needed").waitFor();
  assert.equal(await page.getByTestId("member-profile").isVisible(), false);
  assert.equal((await api(page, "/session")).status, 401);

  await signsUpAfresh(page, stack, USERS.ryan, first);
});
