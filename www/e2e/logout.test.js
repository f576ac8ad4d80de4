// Journey 7: logout, and logout with the Kakao Account (the next login asks for the account).
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { api, chooseAccount, clickKakaoButton, navigations, onMyPage, signUp } from "./kakao-pages.js";

const journey = suite();

journey("logout ends the session here and at Kakao; the Kakao Account stays signed in", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await signUp(page, stack, USERS.apeach);
  const before = await stack.kakaoCalls("/v1/user/logout");
  await page.getByTestId("logout").click();
  await page.waitForURL("**/?done=logout");
  await page.getByTestId("home-notice").filter({ hasText: "로그아웃했습니다." }).waitFor();
  await page.getByTestId("login").getByRole("button").waitFor();
  assert.equal((await api(page, "/session")).status, 401);
  assert.equal(await stack.kakaoCalls("/v1/user/logout"), before + 1);

  await page.goto("/mypage.html");
  await page.getByTestId("signin-needed").waitFor();

  const visited = navigations(page);
  await clickKakaoButton(page);
  await onMyPage(page, USERS.apeach);
  assert.equal(visited.filter((url) => url.includes("/accounts/login")).length, 0);
});

journey("logout with the Kakao Account makes the next login ask for the account again", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await signUp(page, stack, USERS.ryan);
  const visited = navigations(page);
  await page.getByTestId("logout-kakao").click();
  await page.waitForURL(`${stack.site}/`);
  await page.getByTestId("login").getByRole("button").waitFor();
  assert.equal(visited.filter((url) => url.startsWith(`${stack.kakao}/oauth/logout`)).length, 1);
  assert.equal((await api(page, "/session")).status, 401);

  await clickKakaoButton(page);
  await chooseAccount(page, stack, USERS.ryan);
  await onMyPage(page, USERS.ryan);
});
