// Journey 10, continued: when Kakao fails while a sign-in finishes, the redirect page says what
// happened and no one is signed in; the next attempt works.
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { api, chooseAccount, clickKakaoButton, consent, onMyPage } from "./kakao-pages.js";

const journey = suite();

journey("Kakao's token endpoint failing during sign-in gives a clear message and no session", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await stack.control("POST", "/faults", { endpoint: "token", kind: "status", status: 503, count: 1 });
  await clickKakaoButton(page);
  await chooseAccount(page, stack, USERS.apeach);
  await consent(page, stack);
  const message = page.locator("[data-testid=redirect-message][data-code=backend_error]");
  await message.waitFor();
  assert.match(await message.textContent(), /카카오 서버에 연결하지 못했습니다/);
  await page.getByTestId("redirect-next").waitFor();
  assert.equal((await api(page, "/session")).status, 401);

  // The fault is gone: signing in again works, as a first sign-up (nothing was stored).
  await clickKakaoButton(page);
  await onMyPage(page, USERS.apeach);
  await page.getByTestId("welcome").waitFor();
});

journey("a code Kakao refuses at the token exchange shows Kakao's error code", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await stack.control("POST", "/faults", { endpoint: "token", kind: "koe", code: "KOE320", count: 1 });
  await clickKakaoButton(page);
  await chooseAccount(page, stack, USERS.ryan);
  await consent(page, stack);
  const message = page.locator("[data-testid=redirect-message][data-code=backend_error]");
  await message.waitFor();
  assert.match(await message.textContent(), /카카오가 요청을 거절했습니다\. \(.*KOE320\)/);
  assert.equal((await api(page, "/session")).status, 401);
});
