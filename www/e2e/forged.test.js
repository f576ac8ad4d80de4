// Journey 10: a forged or replayed redirect, and a reload of the redirect page, sign no one in
// and say why.
import assert from "node:assert/strict";
import { suite, USERS } from "./harness.js";
import { api, chooseAccount, clickKakaoButton, signUp } from "./kakao-pages.js";

const journey = suite();

async function message(page, code) {
  const el = page.locator(`[data-testid=redirect-message][data-code=${code}]`);
  await el.waitFor();
  return el.textContent();
}

journey("a redirect whose state this tab did not send is refused", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  await clickKakaoButton(page);
  await chooseAccount(page, stack, USERS.apeach);
  await page.waitForURL(`${stack.kakao}/oauth/consent**`);
  // Someone hands the browser a redirect with their own code and state.
  await page.goto("/redirect.html?code=attacker-code&state=attacker-state");
  assert.match(await message(page, "state_mismatch"), /state 값이 다릅니다.*로그인하지 않았습니다/);
  assert.equal((await api(page, "/session")).status, 401);
  assert.equal(new URL(page.url()).search, "", "the code left the address bar");
});

journey("a replayed redirect signs no one in, in this tab or another browser, and a reload neither", async ({ stack, newContext }) => {
  const page = await (await newContext()).newPage();
  let redirect;
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.url().includes("/redirect.html?code=")) redirect ??= request.url();
  });
  await signUp(page, stack, USERS.apeach);
  await page.getByTestId("logout").click();
  await page.waitForURL("**/?done=logout");

  await page.goto(redirect);
  assert.match(await message(page, "already_handled"), /이미 처리되었습니다/);
  assert.equal((await api(page, "/session")).status, 401);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/redirect.html");

  // The address bar was cleaned of the code: the reload is this tab's finished login again.
  await page.reload();
  assert.match(await message(page, "already_handled"), /이미 처리되었습니다/);
  assert.equal((await api(page, "/session")).status, 401);

  const other = await (await newContext()).newPage();
  await other.goto(redirect);
  assert.match(await message(other, "no_transaction"), /로그인하지 않았습니다/);
  assert.equal((await api(other, "/session")).status, 401);
});
