// Journey 4: inside KakaoTalk's in-app browser a member is signed in with zero clicks; a
// non-member gets the button after exactly one silent round trip, and reloading does not loop.
import assert from "node:assert/strict";
import { KAKAOTALK_UA, suite, USERS } from "./harness.js";
import { consent, onMyPage, signUp } from "./kakao-pages.js";

const journey = suite();

/** Kakao authorize requests the page makes, from now on. */
function authorizeRequests(page, stack) {
  const urls = [];
  page.on("request", (request) => {
    if (request.url().startsWith(`${stack.kakao}/oauth/authorize`)) urls.push(new URL(request.url()));
  });
  return urls;
}

journey("a member opening the site in KakaoTalk is signed in with zero clicks", async ({ stack, newContext }) => {
  // Ryan, KakaoTalk's signed-in account in the fixture, signed up earlier in another browser.
  await signUp(await (await newContext()).newPage(), stack, USERS.ryan);

  const page = await (await newContext({ userAgent: KAKAOTALK_UA })).newPage();
  const authorize = authorizeRequests(page, stack);
  await page.goto("/");
  await onMyPage(page, USERS.ryan);
  assert.equal(authorize.length, 1);
  assert.equal(authorize[0].searchParams.get("prompt"), "none");
  assert.equal(await page.getByTestId("member-nickname").textContent(), "라이언");
});

journey("a non-member in KakaoTalk sees the button after one silent round trip, and reloading does not loop", async ({ stack, newContext }) => {
  await stack.control("POST", "/inapp-user", { user_id: Number(USERS.muzi.id) });
  const page = await (await newContext({ userAgent: KAKAOTALK_UA })).newPage();
  const authorize = authorizeRequests(page, stack);
  await page.goto("/");
  const button = page.getByTestId("login").getByRole("button");
  await button.waitFor();
  assert.equal(new URL(page.url()).pathname, "/");
  assert.equal(authorize.length, 1);
  assert.equal(authorize[0].searchParams.get("prompt"), "none");

  await page.reload();
  await button.waitFor();
  await page.goto("/");
  await button.waitFor();
  assert.equal(authorize.length, 1, "no second silent attempt in this tab");

  // The button then signs up with KakaoTalk's account: consent only, no Kakao login page.
  await button.click();
  await consent(page, stack);
  await onMyPage(page, USERS.muzi);
  await page.getByTestId("welcome").waitFor();
  assert.equal(authorize.length, 2);
  assert.equal(authorize[1].searchParams.get("prompt"), null);
});
