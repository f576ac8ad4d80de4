// The sync plugin, on a phone inside KakaoTalk: a chatbot user taps the auth block, signs up in
// the half-view consent, the half-view closes on Kakao's continue URL, and the chatbot's next
// skill request knows the member.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { APP, KAKAOTALK_UA, USERS, suite } from "./harness.js";

const journey = suite();
const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), "../test-results");

/** The chatbot asks the service about `user` (Open Builder's skill request, through the emulator). */
async function skill(stack, user) {
  const answer = await stack.control("POST", "/skill", { client_id: APP.clientId, user_id: Number(user.id) });
  assert.equal(answer.status, 200, JSON.stringify(answer));
  return answer.response;
}

journey("a chatbot user signs up in the half-view at 360 px, and the next skill request knows the member", async ({ stack, newContext }) => {
  assert.equal((await skill(stack, USERS.ryan)).data.isMember, false, "not a member before");

  const context = await newContext({ viewport: { width: 360, height: 740 }, userAgent: KAKAOTALK_UA, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${stack.kakao}/__emulator/chat?client_id=${APP.clientId}`);
  await page.locator("#open-consent").tap();
  // Inside KakaoTalk the user is already signed in to Kakao: the half-view opens on the consent.
  const sheet = page.frameLocator("#half-view");
  await sheet.getByTestId("agree-all").check();
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, "chat-half-view-360.png") });
  await sheet.getByTestId("consent-submit").tap();

  // The plugin route signed the member up and sent the half-view to Kakao's continue URL.
  await page.locator("#joined").waitFor();
  assert.equal(await page.locator("#sheet").getAttribute("data-half-view"), "closed");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, "no sideways scrolling");

  const after = await skill(stack, USERS.ryan);
  assert.equal(after.data.isMember, true, JSON.stringify(after));
  assert.equal(after.version, "2.0");
  assert.match(after.template.outputs[0].simpleText.text, new RegExp(USERS.ryan.nickname));
});
