// Journey 3: a returning member signs in with no consent screen, and changed Kakao data is updated.
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { api, clickKakaoButton, navigations, onMyPage, signUp } from "./kakao-pages.js";

const journey = suite();

journey("a returning member signs in with no consent screen and sees the profile as Kakao has it now", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await signUp(page, stack, USERS.apeach);
  const first = (await api(page, "/session")).body;
  await page.getByTestId("logout").click();
  await page.waitForURL("**/?done=logout");
  await page.getByTestId("home-notice").filter({ hasText: "로그아웃했습니다." }).waitFor();
  assert.equal((await api(page, "/session")).status, 401);

  // The user changes their Kakao profile between two visits.
  await stack.control("PATCH", `/users/${USERS.apeach.id}`, {
    nickname: "복숭아", email: "peach@example.com",
  });

  const visited = navigations(page);
  await clickKakaoButton(page);
  await onMyPage(page, USERS.apeach);
  assert.equal(visited.filter((url) => url.startsWith(`${stack.kakao}/oauth/consent`)).length, 0,
    "a member who agreed to everything sees no consent screen");
  assert.equal(visited.filter((url) => url.startsWith(`${stack.kakao}/accounts/login`)).length, 0,
    "the browser is still signed in to the Kakao Account");
  assert.equal(await page.getByTestId("welcome").isVisible(), false);
  assert.equal(await page.getByTestId("member-nickname").textContent(), "복숭아");
  assert.equal(await page.getByTestId("member-email").textContent(), "peach@example.com (인증됨)");

  const now = (await api(page, "/session")).body;
  assert.equal(now.kakaoId, first.kakaoId);
  assert.equal(now.createdAt, first.createdAt, "the same member, not a second one");
  assert.equal(now.nickname, "복숭아");
});
